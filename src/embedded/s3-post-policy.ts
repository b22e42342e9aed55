import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { readCappedBody, S3Error } from './s3-errors';
import { type StoreCredentials, verifyPolicySignature } from './s3-sigv4';
import type { FileStore, ObjectRecord } from './s3-store';

/**
 * Browser form uploads to a bucket (`POST /<bucket>`, multipart/form-data) under a signed POST
 * policy, as S3 and MinIO take them: the policy's signature, its expiry, and every condition on
 * the form's fields and the file's length are checked before anything is stored. Forms are read
 * into memory, so they are capped; large files go through presigned PUTs and multipart.
 */

const MAX_FORM_BYTES = 64 * 1024 * 1024;
/** Fields the policy need not mention (AWS: "except x-amz-signature, file, policy, and x-ignore-*"). */
const UNCHECKED_FIELDS = new Set(['x-amz-signature', 'file', 'policy']);
const OBJECT_HEADER_FIELDS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'expires'];

interface FormPart {
  name: string;
  filename?: string;
  value: Buffer;
}

export function isPostPolicyUpload(method: string, key: string, req: IncomingMessage): boolean {
  return method === 'POST' && !key && String(req.headers['content-type'] ?? '').startsWith('multipart/form-data');
}

export async function handlePostPolicyUpload(
  store: FileStore,
  credentials: StoreCredentials,
  bucket: string,
  req: IncomingMessage,
): Promise<{ status: number; record: ObjectRecord; key: string }> {
  await store.requireBucket(bucket);
  const parts = parseForm(
    await readCappedBody(req, MAX_FORM_BYTES, () => new S3Error(400, 'EntityTooLarge', 'The embedded store takes form uploads up to 64 MiB; use a presigned PUT')),
    String(req.headers['content-type']),
  );
  const fileIndex = parts.findIndex((part) => part.name === 'file');
  if (fileIndex < 0) throw new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
  const file = parts[fileIndex]!;
  // S3 ignores fields after the file.
  const fields = new Map(parts.slice(0, fileIndex).map((part) => [part.name.toLowerCase(), part.value.toString('utf8')]));
  const field = (name: string) => fields.get(name);
  const policy = field('policy');
  const credential = field('x-amz-credential');
  const amzDate = field('x-amz-date');
  const signature = field('x-amz-signature');
  if (field('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' || !policy || !credential || !amzDate || !signature) {
    throw new S3Error(403, 'AccessDenied', 'A POST upload needs policy, x-amz-algorithm (AWS4-HMAC-SHA256), x-amz-credential, x-amz-date and x-amz-signature');
  }
  verifyPolicySignature({ policy, credential, amzDate, signature }, credentials);
  const rawKey = field('key');
  if (!rawKey) throw new S3Error(400, 'InvalidArgument', 'Bucket POST must contain a field named \'key\'.');
  const key = rawKey.replace('${filename}', file.filename ?? '');

  checkPolicy(policy, { ...Object.fromEntries(fields), bucket }, file.value.length);

  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  for (const [name, value] of fields) {
    if (OBJECT_HEADER_FIELDS.includes(name) || name.startsWith('x-amz-meta-')) headers[name] = value;
  }
  const temporary = store.newIncomingFile();
  await writeFile(temporary, file.value);
  const record = await store.put(bucket, key, {
    file: temporary,
    size: file.value.length,
    md5: createHash('md5').update(file.value).digest(),
    sha256: createHash('sha256').update(file.value).digest(),
  }, headers);
  const asked = Number(field('success_action_status'));
  return { status: [200, 201, 204].includes(asked) ? asked : 204, record, key };
}

type Condition = Record<string, string> | [string, ...unknown[]];

function checkPolicy(policyBase64: string, fields: Record<string, string>, fileSize: number): void {
  let policy: { expiration?: string; conditions?: Condition[] };
  try {
    policy = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8')) as typeof policy;
  } catch {
    throw new S3Error(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  const expires = Date.parse(policy.expiration ?? '');
  if (Number.isNaN(expires)) throw new S3Error(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  if (Date.now() > expires) throw new S3Error(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  const refused = (why: string) => new S3Error(403, 'AccessDenied', `Invalid according to Policy: ${why}`);
  const covered = new Set<string>();
  for (const condition of policy.conditions ?? []) {
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if ((fields[name.toLowerCase()] ?? '') !== value) throw refused(`Policy Condition failed: ["eq", "$${name}", "${value}"]`);
      }
      continue;
    }
    const [operator, ...args] = condition;
    if (String(operator).toLowerCase() === 'content-length-range') {
      const [min, max] = args.map(Number);
      if (fileSize < min! || fileSize > max!) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      continue;
    }
    const name = String(args[0] ?? '').replace(/^\$/, '').toLowerCase();
    const expected = String(args[1] ?? '');
    covered.add(name);
    const actual = fields[name] ?? '';
    const holds = String(operator).toLowerCase() === 'eq' ? actual === expected : String(operator).toLowerCase() === 'starts-with' ? actual.startsWith(expected) : false;
    if (!holds) throw refused(`Policy Condition failed: ${JSON.stringify(condition)}`);
  }
  const extra = Object.keys(fields).filter((name) => !covered.has(name) && !UNCHECKED_FIELDS.has(name) && !name.startsWith('x-ignore-'));
  if (extra.length) throw refused(`Extra input fields: ${extra.join(', ')}`);
}

function parseForm(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new S3Error(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) break;
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new S3Error(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
    const head = part.subarray(0, headerEnd).toString('utf8');
    const name = /(?:^|;)\s*name="([^"]*)"/im.exec(head)?.[1];
    if (name !== undefined) {
      parts.push({
        name,
        filename: /filename="([^"]*)"/i.exec(head)?.[1],
        value: part.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}
