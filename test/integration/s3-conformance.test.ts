import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { Client, type ClientOptions } from 'minio';
import { contentDisposition, MinioStorage } from '../../src/storage/minio.storage';
import { testStorageEndpoint } from '../support/test-app';

/**
 * What Pelita needs from an S3 endpoint, checked the same way on every endpoint a test run uses
 * (CI's RADOS Gateway, the development embedded store). Nothing here is skipped: an endpoint
 * that fails a check is one Pelita cannot rely on. Requests go through the `minio` client the app
 * uses, through the app's own MinioStorage where the app relies on a call, and through plain
 * fetch where a browser or partner talks to the store with a presigned URL.
 */

const MiB = 1024 * 1024;
const REGION = 'us-east-1';

const endpoint = testStorageEndpoint();
const bucket = endpoint.bucket;
const storage = new MinioStorage(endpoint);
/** Everything this run writes lives under one prefix, swept at the end. */
const prefix = `conformance/${randomBytes(6).toString('hex')}/`;
const keyFor = (name: string) => `${prefix}${randomBytes(4).toString('hex')}/${name}`;

interface Exchange {
  method: string;
  path: string;
  status: number;
}

/**
 * A minio Client whose HTTP exchanges are recorded: its errors carry the S3 code but not the
 * status, and some checks need to see which requests the client made.
 */
function s3Client(
  options: Partial<Pick<ClientOptions, 'accessKey' | 'secretKey'>> = {},
  tamperBody?: (body: Buffer) => Buffer,
): { client: Client; exchanges: Exchange[]; lastStatus: () => number | undefined } {
  const exchanges: Exchange[] = [];
  const transport = {
    request: ((requestOptions: http.RequestOptions, callback?: (response: http.IncomingMessage) => void) => {
      const request = http.request(requestOptions, (response) => {
        exchanges.push({ method: requestOptions.method ?? 'GET', path: requestOptions.path ?? '', status: response.statusCode ?? 0 });
        callback?.(response);
      });
      if (tamperBody) {
        // The client has signed the body's SHA-256 by now; what goes on the wire differs from it.
        const end = request.end.bind(request) as (chunk?: unknown) => http.ClientRequest;
        request.end = ((chunk?: unknown) => end(Buffer.isBuffer(chunk) ? tamperBody(chunk) : chunk)) as typeof request.end;
      }
      return request;
    }) as typeof http.request,
  };
  const client = new Client({
    endPoint: endpoint.endPoint,
    port: endpoint.port,
    useSSL: endpoint.useSSL,
    accessKey: endpoint.accessKey,
    secretKey: endpoint.secretKey,
    region: REGION,
    pathStyle: true,
    transport,
    ...options,
  });
  return { client, exchanges, lastStatus: () => exchanges.at(-1)?.status };
}

const s3 = s3Client();
const client = s3.client;

/** ListParts is public S3 API; minio-js declares its method protected. */
function listPartsOf(target: Client, key: string, uploadId: string) {
  return (target as unknown as { listParts(b: string, k: string, u: string): Promise<{ part: number; etag: string; size: number }[]> }).listParts(
    bucket,
    key,
    uploadId,
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');
const sha256 = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** An S3 error as the wire carries it: the status, and the code in an <Error> XML body. */
async function expectS3ErrorResponse(response: Response, status: number, code: string): Promise<void> {
  const body = await response.text();
  expect({ status: response.status, code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1] }).toEqual({ status, code });
  expect(body).toMatch(/^(<\?xml[^>]*\?>\s*)?<Error>/);
}

async function putSmall(key: string, body: Buffer = randomBytes(4096), contentType = 'application/octet-stream'): Promise<Buffer> {
  await client.putObject(bucket, key, body, body.length, { 'Content-Type': contentType });
  return body;
}

async function putPartWithFetch(key: string, uploadId: string, partNumber: number, body: Buffer): Promise<Response> {
  const url = await storage.presignedPartUrl(key, uploadId, partNumber, 300);
  return fetch(url, { method: 'PUT', body });
}

/**
 * A presigned URL that signs headers besides host, which minio-js never does (it leaves
 * Content-Type out of what it signs). Written from the SigV4 specification, so it also checks the
 * server against a second signer.
 */
function presignWithHeaders(method: string, key: string, headers: Record<string, string>, expiresInSeconds: number): string {
  const base = new URL(`${endpoint.useSSL ? 'https' : 'http'}://${endpoint.endPoint}:${endpoint.port}`);
  const path = `/${bucket}/${key.split('/').map(encodeRfc3986).join('/')}`;
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${REGION}/s3/aws4_request`;
  const signed: Record<string, string> = { host: base.host };
  for (const [name, value] of Object.entries(headers)) signed[name.toLowerCase()] = value.trim();
  const names = Object.keys(signed).sort();
  const query: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${endpoint.accessKey}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(expiresInSeconds)],
    ['X-Amz-SignedHeaders', names.join(';')],
  ];
  const canonicalQuery = query
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    method,
    path,
    canonicalQuery,
    names.map((name) => `${name}:${signed[name]}\n`).join(''),
    names.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${endpoint.secretKey}`, day), REGION), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `${base.origin}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('S3 conformance: what Pelita needs from its object store', () => {
  /** Multipart uploads a check started; aborted at the end whatever the check's outcome. */
  const startedUploads: { key: string; uploadId: string }[] = [];
  const initiate = async (key: string) => {
    const uploadId = await storage.initiateMultipartUpload(key);
    startedUploads.push({ key, uploadId });
    return uploadId;
  };

  beforeAll(async () => {
    await storage.ensureBucket();
  });

  afterAll(async () => {
    for (const { key, uploadId } of startedUploads) await storage.abortMultipartUpload(key, uploadId).catch(() => undefined);
    const objects = await collect(client.listObjectsV2(bucket, prefix, true)).catch(() => []);
    // One DELETE per key: multi-object delete is not something Pelita asks of a server.
    for (const item of objects) if (item.name) await client.removeObject(bucket, item.name);
  });

  describe('buckets', () => {
    it('answers HEAD bucket: 200 for an existing bucket, 404 for a missing one', async () => {
      await expect(client.bucketExists(bucket)).resolves.toBe(true);
      await expect(client.bucketExists(`pelita-missing-${randomBytes(6).toString('hex')}`)).resolves.toBe(false);
      expect(s3.lastStatus()).toBe(404);
    });

    it('creates a bucket, and creating it again is not an error', async () => {
      const name = `pelita-conformance-${randomBytes(6).toString('hex')}`;
      try {
        await client.makeBucket(name, REGION);
        await expect(client.bucketExists(name)).resolves.toBe(true);
        // AWS answers 200 to its owner in us-east-1 and 409 BucketAlreadyOwnedByYou elsewhere;
        // either is "it exists, and it is yours", which is what ensureBucket relies on.
        const again = await client.makeBucket(name, REGION).then(
          () => 'created',
          (error: { code?: string }) => error.code,
        );
        expect(['created', 'BucketAlreadyOwnedByYou']).toContain(again);
        await expect(new MinioStorage({ ...endpoint, bucket: name }).ensureBucket()).resolves.toBeUndefined();
      } finally {
        await client.removeBucket(name).catch(() => undefined);
      }
    });
  });

  describe('objects', () => {
    it('stores 20 MB in one signed PUT and reads back the same bytes, whole and from an offset', async () => {
      const key = keyFor('besar-20mb.bin');
      const body = randomBytes(20 * MiB);
      await client.putObject(bucket, key, body, body.length, { 'Content-Type': 'application/octet-stream' });
      expect((await readAll(await client.getObject(bucket, key))).equals(body)).toBe(true);
      const offset = 5 * MiB + 3;
      const slice = await readAll(await client.getPartialObject(bucket, key, offset, MiB));
      expect(slice.equals(body.subarray(offset, offset + MiB))).toBe(true);
    });

    it('stores 70 MB of unknown length through the minio client multipart put', async () => {
      const key = keyFor('besar-70mb.bin');
      const body = randomBytes(70 * MiB);
      // A plain stream: the client cannot learn the size, so it goes the multipart way.
      const chunks = Array.from({ length: 70 }, (_, i) => body.subarray(i * MiB, (i + 1) * MiB));
      await client.putObject(bucket, key, Readable.from(chunks), undefined, { 'Content-Type': 'video/mp4' });
      expect(s3.exchanges.some((e) => e.method === 'POST' && e.path === `/${bucket}/${key}?uploads`)).toBe(true);

      const stat = await client.statObject(bucket, key);
      expect(stat.size).toBe(body.length);
      expect(stat.etag).toMatch(/^[0-9a-f]{32}-\d+$/);
      expect(stat.metaData['content-type']).toBe('video/mp4');
      expect(await sha256Of(await client.getObject(bucket, key))).toBe(sha256(body));
    });

    it('lets the minio client resume a multipart put it finds with ListMultipartUploads, keeping the parts ListParts reports', async () => {
      const key = keyFor('dilanjutkan.bin');
      const body = randomBytes(64 * 1024);
      const uploadId = await initiate(key);
      expect((await putPartWithFetch(key, uploadId, 1, body)).status).toBe(200);

      const { client: resuming, exchanges } = s3Client();
      await resuming.putObject(bucket, key, Readable.from([body]), undefined, {});
      // It asked for the uploads under the key and the parts of the one it found, and sent no part again.
      expect(exchanges.some((e) => e.method === 'GET' && /[?&]uploads(&|=|$)/.test(e.path))).toBe(true);
      expect(exchanges.some((e) => e.method === 'GET' && e.path.includes(`uploadId=${encodeURIComponent(uploadId)}`))).toBe(true);
      expect(exchanges.filter((e) => e.method === 'PUT')).toEqual([]);

      expect((await readAll(await client.getObject(bucket, key))).equals(body)).toBe(true);
      expect(await storage.listParts(key, uploadId)).toBeUndefined();
    });

    it('reports size, ETag, content type, last-modified and user metadata in stat', async () => {
      const key = keyFor('modul.pdf');
      const body = Buffer.from('%PDF-1.4 Modul Pelayanan Publik Prima');
      await client.putObject(bucket, key, body, body.length, { 'Content-Type': 'application/pdf', judul: 'Pelayanan Publik' });
      const stat = await client.statObject(bucket, key);
      expect(stat.size).toBe(body.length);
      expect(stat.etag).toBe(md5(body));
      expect(stat.metaData).toMatchObject({ 'content-type': 'application/pdf', judul: 'Pelayanan Publik' });
      expect(Math.abs(stat.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);
      await expect(storage.statObject(key)).resolves.toMatchObject({ size: body.length, etag: md5(body), contentType: 'application/pdf' });
    });

    it('answers stat of a missing key with 404 NotFound', async () => {
      const key = keyFor('tidak-ada.bin');
      await expect(client.statObject(bucket, key)).rejects.toMatchObject({ code: 'NotFound' });
      expect(s3.lastStatus()).toBe(404);
      await expect(storage.statObject(key)).resolves.toBeUndefined();
    });

    it('answers a GET of a missing key with 404 and a NoSuchKey XML error', async () => {
      const key = keyFor('tidak-ada.bin');
      await expect(client.getObject(bucket, key)).rejects.toMatchObject({ code: 'NoSuchKey' });
      await expectS3ErrorResponse(await fetch(await storage.presignedGetUrl(key, 300)), 404, 'NoSuchKey');
    });

    it('answers a ranged GET with 206, Content-Range and only the bytes asked for', async () => {
      const key = keyFor('rentang.bin');
      const body = await putSmall(key);
      const url = await storage.presignedGetUrl(key, 300);

      const middle = await fetch(url, { headers: { range: 'bytes=100-199' } });
      expect(middle.status).toBe(206);
      expect(middle.headers.get('content-range')).toBe('bytes 100-199/4096');
      expect(Buffer.from(await middle.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);

      // What a video player asks for when it seeks: from an offset to the end.
      const tail = await fetch(url, { headers: { range: 'bytes=4000-' } });
      expect(tail.status).toBe(206);
      expect(tail.headers.get('content-range')).toBe('bytes 4000-4095/4096');
      expect(Buffer.from(await tail.arrayBuffer()).equals(body.subarray(4000))).toBe(true);
    });

    it('answers a range that starts past the end with 416 InvalidRange', async () => {
      const key = keyFor('rentang.bin');
      await putSmall(key);
      const response = await fetch(await storage.presignedGetUrl(key, 300), { headers: { range: 'bytes=5000-5999' } });
      await expectS3ErrorResponse(response, 416, 'InvalidRange');
    });

    it('lists the objects under a prefix with ListObjectsV2, recursively and by folder', async () => {
      const folder = keyFor('daftar/');
      for (const name of ['a/1.txt', 'a/2.txt', 'b/3.txt']) await putSmall(`${folder}${name}`, Buffer.from(name));
      const all = await collect(client.listObjectsV2(bucket, folder, true));
      expect(all.map((item) => [item.name, item.size])).toEqual([
        [`${folder}a/1.txt`, 7],
        [`${folder}a/2.txt`, 7],
        [`${folder}b/3.txt`, 7],
      ]);
      expect(all[0].etag).toBe(md5(Buffer.from('a/1.txt')));
      const folders = await collect(client.listObjectsV2(bucket, folder, false));
      expect(folders.map((item) => item.prefix)).toEqual([`${folder}a/`, `${folder}b/`]);
    });

    it('removes an object, and removing a missing key is not an error', async () => {
      const key = keyFor('hapus.bin');
      await putSmall(key);
      await client.removeObject(bucket, key);
      await expect(client.statObject(bucket, key)).rejects.toMatchObject({ code: 'NotFound' });
      await expect(client.removeObject(bucket, key)).resolves.toBeUndefined();
      expect(s3.lastStatus()).toBe(204);
    });

    it('copies an object server-side (copyObject), keeping its bytes and content type', async () => {
      const source = keyFor('staging.pdf');
      const target = keyFor('final.pdf');
      const body = randomBytes(300 * 1024);
      await storage.putObject(source, body, body.length, 'application/pdf');
      await storage.copyObject(source, target);
      await expect(storage.statObject(target)).resolves.toMatchObject({ size: body.length, etag: md5(body), contentType: 'application/pdf' });
      expect((await readAll(await storage.getObject(target))).equals(body)).toBe(true);
    });
  });

  describe('presigned requests', () => {
    it('accepts an upload to a presigned PUT URL and serves it from a presigned GET URL', async () => {
      const key = keyFor('sampul.png');
      const body = randomBytes(8192);
      const put = await fetch(await storage.presignedPutUrl(key, 300), { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
      expect(put.status).toBe(200);
      expect(put.headers.get('etag')).toBe(`"${md5(body)}"`);
      // Pelita checks the type the uploader declared after the fact, by stat.
      await expect(storage.statObject(key)).resolves.toMatchObject({ size: body.length, contentType: 'image/png' });

      const get = await fetch(await storage.presignedGetUrl(key, 300));
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toBe('image/png');
      expect(get.headers.get('content-length')).toBe(String(body.length));
      expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    });

    it('answers a presigned GET with the Content-Disposition and Content-Type it was told to override', async () => {
      const key = keyFor('unduhan.bin');
      await putSmall(key, Buffer.from('%PDF-1.4 sertifikat'), 'application/octet-stream');
      const filename = 'Sertifikat — Ani Lubis.pdf';
      const url = await storage.presignedGetUrl(key, 300, { downloadFilename: filename, contentType: 'application/pdf' });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(contentDisposition(filename));
    });

    it('accepts a browser upload through a presigned POST policy', async () => {
      const key = keyFor('formulir.png');
      const body = randomBytes(2048);
      const policy = client.newPostPolicy();
      policy.setBucket(bucket);
      policy.setKey(key);
      policy.setExpires(new Date(Date.now() + 300_000));
      policy.setContentType('image/png');
      policy.setContentLengthRange(1, MiB);
      const { postURL, formData } = await client.presignedPostPolicy(policy);
      const form = new FormData();
      for (const [name, value] of Object.entries(formData)) form.append(name, value);
      form.append('file', new Blob([body]), 'formulir.png');
      const response = await fetch(postURL, { method: 'POST', body: form });
      expect(response.status).toBe(204);
      await expect(storage.statObject(key)).resolves.toMatchObject({ size: body.length, etag: md5(body), contentType: 'image/png' });
    });

    it('refuses a presigned POST whose Content-Type breaks the policy (403)', async () => {
      const key = keyFor('formulir.html');
      const policy = client.newPostPolicy();
      policy.setBucket(bucket);
      policy.setKey(key);
      policy.setExpires(new Date(Date.now() + 300_000));
      policy.setContentType('image/png');
      const { postURL, formData } = await client.presignedPostPolicy(policy);
      const form = new FormData();
      for (const [name, value] of Object.entries({ ...formData, 'Content-Type': 'text/html' })) form.append(name, value);
      form.append('file', new Blob(['<script>alert(1)</script>']), 'formulir.html');
      await expectS3ErrorResponse(await fetch(postURL, { method: 'POST', body: form }), 403, 'AccessDenied');
      await expect(storage.statObject(key)).resolves.toBeUndefined();
    });
  });

  describe('multipart uploads through presigned part URLs (partner and browser uploads)', () => {
    it('uploads parts to presigned URLs, lists them with their ETags and sizes, and completes', async () => {
      const key = keyFor('video.mp4');
      const parts = [randomBytes(5 * MiB), randomBytes(1234)];
      const uploadId = await initiate(key);
      for (const [index, part] of parts.entries()) {
        const response = await putPartWithFetch(key, uploadId, index + 1, part);
        expect(response.status).toBe(200);
        expect(response.headers.get('etag')).toBe(`"${md5(part)}"`);
      }
      const listed = await storage.listParts(key, uploadId);
      expect(listed).toEqual(parts.map((part, index) => ({ partNumber: index + 1, etag: md5(part), size: part.length })));

      await storage.completeMultipartUpload(key, uploadId, listed!);
      // RGW's complete answer carries an empty ETag; what Pelita keeps comes from stat.
      const stat = await storage.statObject(key);
      expect(stat).toMatchObject({ size: parts[0].length + parts[1].length });
      expect(stat?.etag).toMatch(/^[0-9a-f]{32}-2$/);
      expect((await readAll(await storage.getObject(key))).equals(Buffer.concat(parts))).toBe(true);
    });

    it('lists only the parts received so far, in part-number order', async () => {
      const key = keyFor('sebagian.bin');
      const uploadId = await initiate(key);
      const third = randomBytes(3000);
      const first = randomBytes(1000);
      expect((await putPartWithFetch(key, uploadId, 3, third)).status).toBe(200);
      expect((await putPartWithFetch(key, uploadId, 1, first)).status).toBe(200);
      await expect(storage.listParts(key, uploadId)).resolves.toEqual([
        { partNumber: 1, etag: md5(first), size: 1000 },
        { partNumber: 3, etag: md5(third), size: 3000 },
      ]);
    });

    it('lists a multipart upload in progress with ListMultipartUploads until it is aborted', async () => {
      const key = keyFor('berjalan.bin');
      const uploadId = await initiate(key);
      expect((await putPartWithFetch(key, uploadId, 1, randomBytes(2500))).status).toBe(200);
      const folder = key.slice(0, key.lastIndexOf('/') + 1);
      await expect(collect(client.listIncompleteUploads(bucket, folder, true))).resolves.toEqual([
        expect.objectContaining({ key, uploadId, size: 2500 }),
      ]);
      await storage.abortMultipartUpload(key, uploadId);
      await expect(collect(client.listIncompleteUploads(bucket, folder, true))).resolves.toEqual([]);
    });

    it('aborts a multipart upload, after which ListParts answers 404 and a part upload 404 NoSuchUpload', async () => {
      const key = keyFor('batal.bin');
      const uploadId = await initiate(key);
      expect((await putPartWithFetch(key, uploadId, 1, randomBytes(1000))).status).toBe(200);
      await storage.abortMultipartUpload(key, uploadId);

      await expect(storage.listParts(key, uploadId)).resolves.toBeUndefined();
      // AWS answers NoSuchUpload; RADOS Gateway (Ceph 16) answers NoSuchKey to ListParts. The
      // adapter takes both as "gone", which is all Pelita needs; a new server should say NoSuchUpload.
      const listing = await listPartsOf(client, key, uploadId).then(
        () => 'listed',
        (error: { code?: string }) => error.code,
      );
      expect(['NoSuchUpload', 'NoSuchKey']).toContain(listing);
      expect(s3.lastStatus()).toBe(404);
      await expectS3ErrorResponse(await putPartWithFetch(key, uploadId, 2, randomBytes(1000)), 404, 'NoSuchUpload');
      // The cleanup job may abort an upload twice.
      await expect(storage.abortMultipartUpload(key, uploadId)).resolves.toBeUndefined();
    });

    it('refuses to complete when a part other than the last is below 5 MiB (EntityTooSmall, 400)', async () => {
      const key = keyFor('kecil.bin');
      const uploadId = await initiate(key);
      const parts = [randomBytes(1000), randomBytes(1000)];
      for (const [index, part] of parts.entries()) expect((await putPartWithFetch(key, uploadId, index + 1, part)).status).toBe(200);
      const etags = parts.map((part, index) => ({ part: index + 1, etag: md5(part) }));
      await expect(client.completeMultipartUpload(bucket, key, uploadId, etags)).rejects.toMatchObject({ code: 'EntityTooSmall' });
      expect(s3.lastStatus()).toBe(400);
      await expect(storage.statObject(key)).resolves.toBeUndefined();
    });

    it('refuses to complete with an ETag that does not match the uploaded part (InvalidPart, 400)', async () => {
      const key = keyFor('etag-salah.bin');
      const uploadId = await initiate(key);
      const part = randomBytes(1000);
      expect((await putPartWithFetch(key, uploadId, 1, part)).status).toBe(200);
      const wrong = md5(Buffer.concat([part, Buffer.from('x')]));
      await expect(client.completeMultipartUpload(bucket, key, uploadId, [{ part: 1, etag: wrong }])).rejects.toMatchObject({
        code: 'InvalidPart',
      });
      expect(s3.lastStatus()).toBe(400);
      await expect(storage.statObject(key)).resolves.toBeUndefined();
    });
  });

  describe('refusals', () => {
    it('refuses a presigned GET whose signature was tampered with (403)', async () => {
      const key = keyFor('rahasia.txt');
      await putSmall(key, Buffer.from('rahasia'));
      const url = new URL(await storage.presignedGetUrl(key, 300));
      expect((await fetch(url)).status).toBe(200);
      const signature = url.searchParams.get('X-Amz-Signature') ?? '';
      url.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
      await expectS3ErrorResponse(await fetch(url), 403, 'SignatureDoesNotMatch');
    });

    it('refuses a presigned GET after it expired (403)', async () => {
      const key = keyFor('kedaluwarsa.txt');
      await putSmall(key, Buffer.from('kedaluwarsa'));
      const url = await storage.presignedGetUrl(key, 1);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await expectS3ErrorResponse(await fetch(url), 403, 'AccessDenied');
    });

    it('refuses a presigned PUT whose key was changed in the path (403)', async () => {
      const key = keyFor('diizinkan.bin');
      const other = keyFor('disusupkan.bin');
      const url = new URL(await storage.presignedPutUrl(key, 300));
      url.pathname = `/${bucket}/${other}`;
      await expectS3ErrorResponse(await fetch(url, { method: 'PUT', body: randomBytes(100) }), 403, 'SignatureDoesNotMatch');
      await expect(storage.statObject(other)).resolves.toBeUndefined();
    });

    it('refuses a presigned PUT sent with a Content-Type other than the signed one (403)', async () => {
      const key = keyFor('bertipe.pdf');
      const url = presignWithHeaders('PUT', key, { 'content-type': 'application/pdf' }, 300);
      const refused = await fetch(url, { method: 'PUT', body: randomBytes(100), headers: { 'content-type': 'text/html' } });
      await expectS3ErrorResponse(refused, 403, 'SignatureDoesNotMatch');
      await expect(storage.statObject(key)).resolves.toBeUndefined();
      // The same URL with the type it was signed for goes through: the signer is right.
      const accepted = await fetch(url, { method: 'PUT', body: randomBytes(100), headers: { 'content-type': 'application/pdf' } });
      expect(accepted.status).toBe(200);
      await expect(storage.statObject(key)).resolves.toMatchObject({ contentType: 'application/pdf' });
    });

    it('refuses a presigned URL signed with a wrong secret (403)', async () => {
      const key = keyFor('rahasia.txt');
      await putSmall(key, Buffer.from('rahasia'));
      const { client: forger } = s3Client({ secretKey: `${endpoint.secretKey}x` });
      const url = await forger.presignedGetObject(bucket, key, 300);
      await expectS3ErrorResponse(await fetch(url), 403, 'SignatureDoesNotMatch');
    });

    it('refuses a request signed with a wrong secret (SignatureDoesNotMatch, 403)', async () => {
      const key = keyFor('palsu.bin');
      const forger = s3Client({ secretKey: `${endpoint.secretKey}x` });
      await expect(forger.client.putObject(bucket, key, randomBytes(100), 100)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
      expect(forger.lastStatus()).toBe(403);
      await expect(storage.statObject(key)).resolves.toBeUndefined();
    });

    it('refuses a request from an unknown access key (InvalidAccessKeyId, 403)', async () => {
      const key = keyFor('rahasia.txt');
      await putSmall(key, Buffer.from('rahasia'));
      const stranger = s3Client({ accessKey: 'AKIAUNKNOWN000000000' });
      await expect(stranger.client.getObject(bucket, key)).rejects.toMatchObject({ code: 'InvalidAccessKeyId' });
      expect(stranger.lastStatus()).toBe(403);
    });

    it('refuses an upload whose body does not match its signed x-amz-content-sha256 (400)', async () => {
      const key = keyFor('diubah.bin');
      // Same length, one byte flipped after the client hashed and signed the body.
      const tampering = s3Client({}, (body) => Buffer.concat([Buffer.from([body[0] ^ 0xff]), body.subarray(1)]));
      const body = randomBytes(1024);
      await expect(tampering.client.putObject(bucket, key, body, body.length)).rejects.toMatchObject({ code: 'XAmzContentSHA256Mismatch' });
      expect(tampering.lastStatus()).toBe(400);
      await expect(storage.statObject(key)).resolves.toBeUndefined();
    });
  });
});
