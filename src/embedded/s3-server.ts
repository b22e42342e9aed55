import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readCappedBody, S3Error } from './s3-errors';
import { handlePostPolicyUpload, isPostPolicyUpload } from './s3-post-policy';
import { decodeComponent, type StoreCredentials, uriEncode, verifySignature } from './s3-sigv4';
import { compareKeys, type FileStore, MAX_PART_NUMBER, type ObjectRecord, type ReceivedBody } from './s3-store';

/**
 * The S3 subset Pelita and the minio client use, served over HTTP with path-style addresses
 * (`/<bucket>/<key>`): buckets, objects (ranged and conditional GET, response-header overrides,
 * server-side copy), multipart uploads (initiate, parts, ListParts, ListMultipartUploads,
 * complete, abort), listings and multi-delete. Every request must carry a valid Signature V4,
 * in the header or as a presigned URL, as on MinIO. Development only: production uses MinIO.
 */

const MAX_OBJECT_SIZE = 5 * 1024 ** 3;
const MAX_XML_BODY = 1024 * 1024;
const MAX_KEY_BYTES = 1024;
const STORED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-disposition': 'content-disposition',
  'response-cache-control': 'cache-control',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
};
/** Sub-resources this store does not implement: answered NotImplemented rather than misread as a plain GET/PUT. */
const UNSUPPORTED_SUBRESOURCES = [
  'acl', 'cors', 'encryption', 'legal-hold', 'lifecycle', 'notification', 'object-lock', 'policy', 'replication',
  'retention', 'select', 'tagging', 'torrent', 'versioning', 'versions', 'website', 'restore', 'attributes',
];
/** Headers a browser page may read from answers to presigned requests (ETag for multipart parts). */
const EXPOSED_HEADERS = 'ETag, Content-Length, Content-Range, Accept-Ranges, Content-Disposition, Last-Modified, x-amz-request-id';

export interface S3ServerOptions {
  store: FileStore;
  credentials: StoreCredentials;
  onError?: (error: unknown, request: { method: string; path: string }) => void;
}

export function createS3Server(options: S3ServerOptions): http.Server {
  // Idle connections stay open longer than any client keeps them (Node's agent 5 s, undici 4 s,
  // browsers about 60 s): with the server closing at 5 s too, a client reusing a connection just as
  // the server closed it got "socket hang up" (seen once in CI, failing a suite's setup). The API
  // server does the same, for the same reason.
  const server = http.createServer({ requestTimeout: 0, headersTimeout: 66_000, keepAliveTimeout: 65_000 }, (req, res) => {
    void handle(options, req, res);
  });
  // Large uploads over weak links may take hours; only a connection that stops moving is closed.
  server.setTimeout(120_000);
  return server;
}

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  bucket: string;
  key: string;
  query: Map<string, string>;
}

let requestCounter = 0;

async function handle(options: S3ServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = `${Date.now().toString(16)}${(requestCounter++).toString(16)}`.toUpperCase();
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('server', 'Pelita embedded store');
  allowCrossOrigin(req, res);
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const rawPath = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
  try {
    if (method === 'OPTIONS') {
      res.writeHead(200, { 'content-length': '0' }).end();
      return;
    }
    const queryPairs = parseQuery(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1));
    const path = decodeComponent(rawPath);
    const slash = path.indexOf('/', 1);
    const bucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
    const key = slash < 0 ? '' : path.slice(slash + 1);
    if (isPostPolicyUpload(method, key, req)) {
      // Signed by the policy in the form, not by the request.
      const posted = await handlePostPolicyUpload(options.store, options.credentials, bucket, req);
      const headers = { etag: quote(posted.record.etag), location: `/${bucket}/${uriEncode(posted.key, true)}` };
      if (posted.status !== 201) return send(res, posted.status, headers);
      res.setHeader('etag', headers.etag);
      return sendXml(res, 201, `<PostResponse><Location>${x(headers.location)}</Location><Bucket>${x(bucket)}</Bucket><Key>${x(posted.key)}</Key><ETag>${x(headers.etag)}</ETag></PostResponse>`);
    }
    const auth = verifySignature({ method, rawPath, query: queryPairs, headers: req.headers }, options.credentials);
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long');
    const request: Request = { req, res, method, bucket, key, query: new Map(queryPairs) };
    const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => request.query.has(name));
    if (unsupported) throw new S3Error(501, 'NotImplemented', `The embedded store does not implement ?${unsupported}`);
    await route(options.store, request, auth.payloadSha256);
  } catch (error) {
    if (!(error instanceof S3Error)) options.onError?.(error, { method, path: rawPath });
    sendError(req, res, method, rawPath, error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'));
  }
}

async function route(store: FileStore, r: Request, payloadSha256: string | undefined): Promise<void> {
  const { method, bucket, key, query } = r;
  if (!bucket) {
    if (method !== 'GET') throw methodNotAllowed();
    return listBuckets(store, r);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.');
  if (!key) {
    switch (method) {
      case 'HEAD':
        if (!(await store.bucketExists(bucket))) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
        return send(r.res, 200, {});
      case 'PUT':
        await readSmallBody(r.req, payloadSha256);
        await store.createBucket(bucket);
        return send(r.res, 200, { location: `/${bucket}` });
      case 'DELETE':
        await store.deleteBucket(bucket);
        return send(r.res, 204, {});
      case 'GET':
        if (query.has('location')) return sendXml(r.res, 200, `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>`);
        if (query.has('uploads')) return listUploads(store, r);
        return listObjects(store, r);
      case 'POST':
        if (query.has('delete')) return deleteObjects(store, r, payloadSha256);
        throw methodNotAllowed();
      default:
        throw methodNotAllowed();
    }
  }
  const uploadId = query.get('uploadId');
  switch (method) {
    case 'GET':
      if (uploadId !== undefined) return listParts(store, r, uploadId);
      return getObject(store, r, true);
    case 'HEAD':
      return getObject(store, r, false);
    case 'PUT':
      if (uploadId !== undefined) return uploadPart(store, r, uploadId, payloadSha256);
      if (r.req.headers['x-amz-copy-source']) return copyObject(store, r);
      return putObject(store, r, payloadSha256);
    case 'POST':
      if (query.has('uploads')) {
        const upload = await store.initiateUpload(bucket, key, storedHeaders(r.req));
        return sendXml(r.res, 200, `<InitiateMultipartUploadResult><Bucket>${x(bucket)}</Bucket><Key>${x(key)}</Key><UploadId>${x(upload.uploadId)}</UploadId></InitiateMultipartUploadResult>`);
      }
      if (uploadId !== undefined) return completeUpload(store, r, uploadId, payloadSha256);
      throw methodNotAllowed();
    case 'DELETE':
      if (uploadId !== undefined) {
        await store.abortUpload(bucket, key, uploadId);
        return send(r.res, 204, {});
      }
      await store.remove(bucket, key);
      return send(r.res, 204, {});
    default:
      throw methodNotAllowed();
  }
}

// ---- objects ---------------------------------------------------------------------------

async function putObject(store: FileStore, r: Request, payloadSha256: string | undefined): Promise<void> {
  await store.requireBucket(r.bucket);
  const body = await receiveBody(store, r.req, payloadSha256);
  try {
    const record = await store.put(r.bucket, r.key, body, storedHeaders(r.req));
    send(r.res, 200, { etag: quote(record.etag) });
  } finally {
    await rm(body.file, { force: true });
  }
}

async function copyObject(store: FileStore, r: Request): Promise<void> {
  const source = decodeComponent(String(r.req.headers['x-amz-copy-source'])).replace(/^\//, '');
  const slash = source.indexOf('/');
  if (slash < 0) throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  const sourceBucket = source.slice(0, slash);
  const sourceKey = source.slice(slash + 1).replace(/\?versionId=.*$/, '');
  if (sourceBucket !== r.bucket) throw new S3Error(501, 'NotImplemented', 'The embedded store copies within one bucket only');
  const replace = String(r.req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (sourceKey === r.key && !replace) {
    throw new S3Error(400, 'InvalidRequest', 'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata.');
  }
  const record = await store.copy(r.bucket, sourceKey, r.key, replace ? storedHeaders(r.req) : undefined);
  sendXml(r.res, 200, `<CopyObjectResult><LastModified>${record.lastModified}</LastModified><ETag>${x(quote(record.etag))}</ETag></CopyObjectResult>`);
}

async function getObject(store: FileStore, r: Request, withBody: boolean): Promise<void> {
  const record = await store.head(r.bucket, r.key);
  const lastModified = new Date(record.lastModified);
  lastModified.setMilliseconds(0);
  const headers: Record<string, string> = {
    ...record.headers,
    etag: quote(record.etag),
    'last-modified': lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = r.query.get(param);
    if (value !== undefined) headers[header] = value;
  }
  const precondition = checkPreconditions(r.req, record, lastModified);
  if (precondition === 304) return send(r.res, 304, { etag: headers.etag!, 'last-modified': headers['last-modified']! });
  if (precondition === 412) throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');

  const range = parseRange(r.req.headers.range, record.size);
  if (range === 'unsatisfiable') {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { 'content-range': `bytes */${record.size}` });
  }
  const status = range ? 206 : 200;
  headers['content-length'] = String(range ? range.end - range.start + 1 : record.size);
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
  if (!withBody || record.size === 0) return send(r.res, status, headers);
  const { body } = await store.read(r.bucket, r.key, range ?? undefined);
  r.res.writeHead(status, headers);
  await pipeline(body, r.res).catch(() => {
    // The client went away mid-download (a phone losing signal): nothing to answer any more.
  });
}

function checkPreconditions(req: IncomingMessage, record: ObjectRecord, lastModified: Date): 200 | 304 | 412 {
  const matches = (header: string | undefined) =>
    header !== undefined && header.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '').replace(/"/g, '') === record.etag);
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch !== undefined && !matches(ifMatch)) return 412;
  const unmodifiedSince = Date.parse(String(req.headers['if-unmodified-since'] ?? ''));
  if (ifMatch === undefined && !Number.isNaN(unmodifiedSince) && lastModified.getTime() > unmodifiedSince) return 412;
  if (ifNoneMatch !== undefined) return matches(ifNoneMatch) ? 304 : 200;
  const modifiedSince = Date.parse(String(req.headers['if-modified-since'] ?? ''));
  if (!Number.isNaN(modifiedSince) && lastModified.getTime() <= modifiedSince) return 304;
  return 200;
}

/** One byte range (`a-b`, `a-`, `-n`); anything else is ignored as RFC 9110 allows, and S3 does for multiple ranges. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

async function deleteObjects(store: FileStore, r: Request, payloadSha256: string | undefined): Promise<void> {
  const xml = (await readSmallBody(r.req, payloadSha256)).toString('utf8');
  const keys = [...xml.matchAll(/<Object>[\s\S]*?<Key>([\s\S]*?)<\/Key>[\s\S]*?<\/Object>/g)].map((m) => unescapeXml(m[1]!));
  if (!keys.length || keys.length > 1000) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(xml);
  for (const key of keys) await store.remove(r.bucket, key);
  const deleted = quiet ? '' : keys.map((key) => `<Deleted><Key>${x(key)}</Key></Deleted>`).join('');
  sendXml(r.res, 200, `<DeleteResult>${deleted}</DeleteResult>`);
}

// ---- multipart -------------------------------------------------------------------------

async function uploadPart(store: FileStore, r: Request, uploadId: string, payloadSha256: string | undefined): Promise<void> {
  if (r.req.headers['x-amz-copy-source']) throw new S3Error(501, 'NotImplemented', 'UploadPartCopy is not implemented by the embedded store');
  const partNumber = Number(r.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  // Refused before the bytes travel: a phone should not send 16 MiB to an aborted upload.
  await store.listParts(r.bucket, r.key, uploadId);
  const body = await receiveBody(store, r.req, payloadSha256);
  try {
    const part = await store.putPart(r.bucket, r.key, uploadId, partNumber, body);
    send(r.res, 200, { etag: quote(part.etag) });
  } finally {
    await rm(body.file, { force: true });
  }
}

async function listParts(store: FileStore, r: Request, uploadId: string): Promise<void> {
  const marker = Number(r.query.get('part-number-marker') ?? 0) || 0;
  const maxParts = clampMax(r.query.get('max-parts'));
  const all = (await store.listParts(r.bucket, r.key, uploadId)).filter((part) => part.partNumber > marker);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  const parts = page
    .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified}</LastModified><ETag>${x(quote(p.etag))}</ETag><Size>${p.size}</Size></Part>`)
    .join('');
  sendXml(
    r.res,
    200,
    `<ListPartsResult><Bucket>${x(r.bucket)}</Bucket><Key>${x(r.key)}</Key><UploadId>${x(uploadId)}</UploadId>` +
      `<StorageClass>STANDARD</StorageClass><PartNumberMarker>${marker}</PartNumberMarker>` +
      `<NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts>` +
      `<IsTruncated>${truncated}</IsTruncated>${parts}</ListPartsResult>`,
  );
}

async function completeUpload(store: FileStore, r: Request, uploadId: string, payloadSha256: string | undefined): Promise<void> {
  const xml = (await readSmallBody(r.req, payloadSha256)).toString('utf8');
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    partNumber: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1]!)?.[1]),
    etag: unescapeXml(/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1]!)?.[1] ?? ''),
  }));
  if (parts.some((part) => !Number.isInteger(part.partNumber))) throw new S3Error(400, 'MalformedXML', 'Every part needs a PartNumber');
  const record = await store.completeUpload(r.bucket, r.key, uploadId, parts);
  const host = String(r.req.headers.host ?? '');
  sendXml(
    r.res,
    200,
    `<CompleteMultipartUploadResult><Location>http://${x(host)}/${x(r.bucket)}/${x(uriEncode(r.key, true))}</Location>` +
      `<Bucket>${x(r.bucket)}</Bucket><Key>${x(r.key)}</Key><ETag>${x(quote(record.etag))}</ETag></CompleteMultipartUploadResult>`,
  );
}

// ---- listings --------------------------------------------------------------------------

async function listBuckets(store: FileStore, r: Request): Promise<void> {
  const buckets = (await store.listBuckets())
    .map((b) => `<Bucket><Name>${x(b.name)}</Name><CreationDate>${b.created.toISOString()}</CreationDate></Bucket>`)
    .join('');
  sendXml(r.res, 200, `<ListAllMyBucketsResult><Owner><ID>pelita</ID><DisplayName>pelita</DisplayName></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
}

interface Listing<T> {
  items: T[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix answered: where the next page starts. */
  last?: string;
}

/** S3's listing walk: keys after the marker under the prefix, rolled up at the delimiter. */
function walk<T>(sorted: T[], keyOf: (item: T) => string, prefix: string, delimiter: string, after: string, max: number): Listing<T> {
  const listing: Listing<T> = { items: [], prefixes: [], truncated: false };
  for (const item of sorted) {
    const key = keyOf(item);
    if (!key.startsWith(prefix) || (after && compareKeys(key, after) <= 0)) continue;
    // Keys under a common prefix answered on an earlier page stay rolled up.
    if (after && delimiter && after.endsWith(delimiter) && key.startsWith(after)) continue;
    const rest = key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const common = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined;
    if (common && listing.prefixes.at(-1) === common) continue;
    if (listing.items.length + listing.prefixes.length >= max) {
      listing.truncated = true;
      break;
    }
    if (common) listing.prefixes.push(common);
    else listing.items.push(item);
    listing.last = common ?? key;
  }
  return listing;
}

async function listObjects(store: FileStore, r: Request): Promise<void> {
  const v2 = r.query.get('list-type') === '2';
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') ?? '';
  const max = clampMax(r.query.get('max-keys'));
  const urlEncoded = r.query.get('encoding-type') === 'url';
  const encode = (value: string) => x(urlEncoded ? uriEncode(value, true) : value);
  const token = r.query.get('continuation-token');
  const after = v2 ? (token ? Buffer.from(token, 'base64url').toString('utf8') : (r.query.get('start-after') ?? '')) : (r.query.get('marker') ?? '');
  const listing = walk(await store.list(r.bucket), (record) => record.key, prefix, delimiter, after, max);
  const contents = listing.items
    .map(
      (o) =>
        `<Contents><Key>${encode(o.key)}</Key><LastModified>${o.lastModified}</LastModified><ETag>${x(quote(o.etag))}</ETag>` +
        `<Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const prefixes = listing.prefixes.map((p) => `<CommonPrefixes><Prefix>${encode(p)}</Prefix></CommonPrefixes>`).join('');
  const common = `<Name>${x(r.bucket)}</Name><Prefix>${encode(prefix)}</Prefix><MaxKeys>${max}</MaxKeys>${delimiter ? `<Delimiter>${encode(delimiter)}</Delimiter>` : ''}<IsTruncated>${listing.truncated}</IsTruncated>${urlEncoded ? '<EncodingType>url</EncodingType>' : ''}`;
  const paging = v2
    ? `<KeyCount>${listing.items.length + listing.prefixes.length}</KeyCount>` +
      (token ? `<ContinuationToken>${x(token)}</ContinuationToken>` : '') +
      (listing.truncated && listing.last ? `<NextContinuationToken>${Buffer.from(listing.last).toString('base64url')}</NextContinuationToken>` : '')
    : `<Marker>${encode(after)}</Marker>` + (listing.truncated && listing.last ? `<NextMarker>${encode(listing.last)}</NextMarker>` : '');
  sendXml(r.res, 200, `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${common}${paging}${contents}${prefixes}</ListBucketResult>`);
}

async function listUploads(store: FileStore, r: Request): Promise<void> {
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') ?? '';
  const keyMarker = r.query.get('key-marker') ?? '';
  const uploadIdMarker = r.query.get('upload-id-marker') ?? '';
  const max = clampMax(r.query.get('max-uploads'));
  const urlEncoded = r.query.get('encoding-type') === 'url';
  const encode = (value: string) => x(urlEncoded ? uriEncode(value, true) : value);
  let uploads = await store.listUploads(r.bucket);
  // With an upload-id-marker, the marker key's later uploads still follow (S3 pages within one key).
  if (keyMarker && uploadIdMarker) {
    const index = uploads.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker);
    uploads = index >= 0 ? uploads.slice(index + 1) : uploads.filter((u) => compareKeys(u.key, keyMarker) > 0);
  }
  const listing = walk(uploads, (upload) => upload.key, prefix, delimiter, keyMarker && !uploadIdMarker ? keyMarker : '', max);
  const last = listing.items.at(-1);
  const body =
    listing.items
      .map(
        (u) =>
          `<Upload><Key>${encode(u.key)}</Key><UploadId>${x(u.uploadId)}</UploadId><Initiator><ID>pelita</ID><DisplayName>pelita</DisplayName></Initiator>` +
          `<Owner><ID>pelita</ID><DisplayName>pelita</DisplayName></Owner><StorageClass>STANDARD</StorageClass><Initiated>${u.initiated}</Initiated></Upload>`,
      )
      .join('') + listing.prefixes.map((p) => `<CommonPrefixes><Prefix>${encode(p)}</Prefix></CommonPrefixes>`).join('');
  sendXml(
    r.res,
    200,
    `<ListMultipartUploadsResult><Bucket>${x(r.bucket)}</Bucket><KeyMarker>${encode(keyMarker)}</KeyMarker><UploadIdMarker>${x(uploadIdMarker)}</UploadIdMarker>` +
      (listing.truncated && last ? `<NextKeyMarker>${encode(last.key)}</NextKeyMarker><NextUploadIdMarker>${x(last.uploadId)}</NextUploadIdMarker>` : '') +
      `<Prefix>${encode(prefix)}</Prefix>${delimiter ? `<Delimiter>${encode(delimiter)}</Delimiter>` : ''}<MaxUploads>${max}</MaxUploads><IsTruncated>${listing.truncated}</IsTruncated>${body}</ListMultipartUploadsResult>`,
  );
}

// ---- bodies ----------------------------------------------------------------------------

/** Streams a request body to a file, hashing on the way; checks its length and any signed digest. */
async function receiveBody(store: FileStore, req: IncomingMessage, payloadSha256: string | undefined): Promise<ReceivedBody> {
  const declared = req.headers['content-length'];
  if (declared === undefined) throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  const expected = Number(declared);
  if (expected > MAX_OBJECT_SIZE) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  const file = store.newIncomingFile();
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      sha256.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  let complete = false;
  req.once('end', () => (complete = true));
  try {
    await pipeline(req, hasher, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    if (!complete) throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    throw error;
  }
  const body = { file, size, md5: md5.digest(), sha256: sha256.digest() };
  try {
    if (!complete || size !== expected) {
      throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
    checkDigests(req, body.sha256, body.md5, payloadSha256);
    return body;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

async function readSmallBody(req: IncomingMessage, payloadSha256: string | undefined): Promise<Buffer> {
  const body = await readCappedBody(req, MAX_XML_BODY, () => new S3Error(400, 'MaxMessageLengthExceeded', 'Your request was too big.'));
  checkDigests(req, createHash('sha256').update(body).digest(), createHash('md5').update(body).digest(), payloadSha256);
  return body;
}

function checkDigests(req: IncomingMessage, sha256: Buffer, md5: Buffer, payloadSha256: string | undefined): void {
  if (payloadSha256 !== undefined && sha256.toString('hex') !== payloadSha256) {
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
  }
  const contentMd5 = req.headers['content-md5'];
  if (contentMd5 !== undefined) {
    const given = Buffer.from(String(contentMd5), 'base64');
    if (given.length !== 16) throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    if (!given.equals(md5)) throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
}

// ---- answers ---------------------------------------------------------------------------

function storedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (STORED_HEADERS.includes(name) || name.startsWith('x-amz-meta-')) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function allowCrossOrigin(req: IncomingMessage, res: ServerResponse): void {
  // As MinIO does by default: presigned URLs are the credential, so any web origin may use them.
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, PUT, POST, HEAD, DELETE');
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('access-control-allow-headers', requested);
    res.setHeader('access-control-max-age', '3600');
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, status === 204 || status === 304 ? headers : { 'content-length': '0', ...headers }).end();
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(body.length) }).end(body);
}

function sendError(req: IncomingMessage, res: ServerResponse, method: string, path: string, error: S3Error): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // An unread request body would otherwise be answered before the client finished sending it.
  req.resume();
  res.setHeader('connection', 'close');
  if (method === 'HEAD') {
    res.writeHead(error.status, { 'x-amz-error-code': error.code, ...error.headers }).end();
    return;
  }
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  sendXml(res, error.status, `<Error><Code>${x(error.code)}</Code><Message>${x(error.message)}</Message><Resource>${x(path)}</Resource><RequestId>${x(String(res.getHeader('x-amz-request-id')))}</RequestId></Error>`);
}

function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const index = pair.indexOf('=');
      return index < 0 ? [decodeComponent(pair), ''] : [decodeComponent(pair.slice(0, index)), decodeComponent(pair.slice(index + 1))];
    });
}

function clampMax(value: string | undefined): number {
  const n = Number(value ?? 1000);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, 1000) : 1000;
}

const methodNotAllowed = () => new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');

function quote(etag: string): string {
  return `"${etag}"`;
}

function x(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function unescapeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#34|#39);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#34': '"', '#39': "'" })[name]!);
}

