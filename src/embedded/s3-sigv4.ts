import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './s3-errors';

/**
 * AWS Signature Version 4 checks for the embedded store, in both forms S3 clients use: the
 * Authorization header (the minio client's own requests) and query parameters (presigned URLs
 * handed to browsers and phones). A store that accepted any signature would prove nothing about
 * link expiry or tampering, and on a LAN it would let anyone write into the bucket.
 */

export interface StoreCredentials {
  accessKey: string;
  secretKey: string;
  region: string;
}

export interface SignedRequest {
  method: string;
  /** The path exactly as received, still percent-encoded. */
  rawPath: string;
  /** Decoded query parameters in the order received. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
}

export interface Authorization {
  /** Hex SHA-256 the client signed for the body, or undefined for UNSIGNED-PAYLOAD. */
  payloadSha256?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** S3's UriEncode: everything but unreserved characters, optionally keeping '/'. */
export function uriEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

export function verifySignature(request: SignedRequest, credentials: StoreCredentials, now = new Date()): Authorization {
  const header = headerValue(request.headers, 'authorization');
  const presigned = request.query.some(([name]) => name === 'X-Amz-Signature');
  if (header && presigned) throw new S3Error(400, 'InvalidArgument', 'Only one auth mechanism allowed');
  if (presigned) return verifyPresigned(request, credentials, now);
  if (header) return verifyHeader(request, header, credentials, now);
  // The bucket is private: no anonymous access, as on MinIO with its default policy.
  throw new S3Error(403, 'AccessDenied', 'Access Denied');
}

function verifyHeader(request: SignedRequest, header: string, credentials: StoreCredentials, now: Date): Authorization {
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw new S3Error(400, 'InvalidArgument', 'Only AWS4-HMAC-SHA256 (Signature Version 4) is supported');
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const index = part.indexOf('=');
    if (index > 0) fields.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed');
  }
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate) throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid x-amz-date header');
  const signedAt = parseAmzDate(amzDate);
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large');
  }
  const payload = headerValue(request.headers, 'x-amz-content-sha256');
  if (!payload) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (payload.startsWith('STREAMING-')) {
    throw new S3Error(501, 'NotImplemented', 'Chunked (streaming) signatures are not supported by the embedded store');
  }
  if (payload !== UNSIGNED_PAYLOAD && !/^[0-9a-f]{64}$/.test(payload)) {
    throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 hex digest');
  }
  checkSignature(request, { credential, signedHeaders, signature, amzDate, payloadHash: payload, excludeFromQuery: undefined }, credentials);
  return { payloadSha256: payload === UNSIGNED_PAYLOAD ? undefined : payload };
}

function verifyPresigned(request: SignedRequest, credentials: StoreCredentials, now: Date): Authorization {
  const param = (name: string) => request.query.find(([key]) => key === name)?.[1];
  if (param('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const credential = param('X-Amz-Credential');
  const signedHeaders = param('X-Amz-SignedHeaders');
  const signature = param('X-Amz-Signature');
  const amzDate = param('X-Amz-Date');
  const expires = Number(param('X-Amz-Expires'));
  if (!credential || !signedHeaders || !signature || !amzDate) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'Query-string authentication requires X-Amz-Credential, X-Amz-SignedHeaders, X-Amz-Signature and X-Amz-Date');
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds');
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) throw new S3Error(403, 'AccessDenied', 'Request is not valid yet');
  // Checked before the signature so that an expired link says so, as S3 does.
  if (now.getTime() > signedAt.getTime() + expires * 1000) throw new S3Error(403, 'AccessDenied', 'Request has expired');
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD;
  checkSignature(request, { credential, signedHeaders, signature, amzDate, payloadHash, excludeFromQuery: 'X-Amz-Signature' }, credentials);
  return { payloadSha256: payloadHash === UNSIGNED_PAYLOAD ? undefined : payloadHash };
}

interface SignatureFields {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  payloadHash: string;
  excludeFromQuery: string | undefined;
}

/** Checks the credential scope (access key, date, region) and answers the key that signs with it. */
function signingKeyFor(credential: string, amzDate: string, credentials: StoreCredentials): { key: Buffer; scope: string } {
  const [accessKey, date, region, service, terminator, ...rest] = credential.split('/');
  if (rest.length || !accessKey || !date || !region || service !== 's3' || terminator !== 'aws4_request') {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The credential scope is malformed');
  }
  if (accessKey !== credentials.accessKey) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The access key ID you provided does not exist in our records');
  }
  if (region !== credentials.region) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${region}' is wrong; expecting '${credentials.region}'`);
  }
  if (date !== amzDate.slice(0, 8)) {
    throw new S3Error(403, 'SignatureDoesNotMatch', 'The credential date does not match the request date');
  }
  let key = hmac(`AWS4${credentials.secretKey}`, date);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  return { key, scope: `${date}/${region}/s3/aws4_request` };
}

/** A browser form upload (POST policy): the signature covers the base64 policy document itself. */
export function verifyPolicySignature(
  fields: { policy: string; credential: string; amzDate: string; signature: string },
  credentials: StoreCredentials,
): void {
  parseAmzDate(fields.amzDate);
  const { key } = signingKeyFor(fields.credential, fields.amzDate, credentials);
  compareSignature(fields.signature, createHmac('sha256', key).update(fields.policy).digest());
}

function compareSignature(given: string, expected: Buffer): void {
  const bytes = Buffer.from(given, 'hex');
  if (bytes.length !== expected.length || !timingSafeEqual(bytes, expected)) {
    throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
}

function checkSignature(request: SignedRequest, fields: SignatureFields, credentials: StoreCredentials): void {
  const { key, scope } = signingKeyFor(fields.credential, fields.amzDate, credentials);
  const headerNames = fields.signedHeaders.split(';');
  if (!headerNames.includes('host')) throw new S3Error(403, 'AccessDenied', 'The host header must be signed');

  const canonicalRequest = [
    request.method,
    canonicalUri(request.rawPath),
    canonicalQuery(request.query, fields.excludeFromQuery),
    headerNames.map((name) => `${name}:${canonicalHeaderValue(request.headers, name)}\n`).join(''),
    fields.signedHeaders,
    fields.payloadHash,
  ].join('\n');
  const stringToSign = [ALGORITHM, fields.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  compareSignature(fields.signature, createHmac('sha256', key).update(stringToSign).digest());
}

/** Each segment decoded, then encoded the S3 way, so clients that escape a little differently still match. */
function canonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => uriEncode(decodeComponent(segment)))
    .join('/');
}

function canonicalQuery(query: [string, string][], exclude: string | undefined): string {
  return query
    .filter(([name]) => name !== exclude)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalHeaderValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseAmzDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) throw new S3Error(403, 'AccessDenied', 'X-Amz-Date must be in the ISO8601 basic format YYYYMMDD\'T\'HHMMSS\'Z\'');
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
}

export function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new S3Error(400, 'InvalidURI', 'Could not parse the specified URI');
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}
