import { createHash, randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'minio';
import { MinioStorage } from '../../src/storage/minio.storage';
import { testStorageEndpoint } from '../support/test-app';

describe('object storage adapter (MinioStorage) against the test S3 server', () => {
  const storage = new MinioStorage(testStorageEndpoint());
  const key = () => `test/${randomBytes(8).toString('hex')}/materi.pdf`;

  beforeAll(async () => {
    await storage.ensureBucket();
  });

  it('creates its bucket idempotently and answers ping', async () => {
    await storage.ensureBucket();
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  it("lets the app's web origin PUT to presigned URLs and GET them (bucket CORS where the store needs one), keeping the bucket's other rules", async () => {
    // A bucket of its own: the shared one's CORS rules stay as the apps under test set them.
    const endpoint = testStorageEndpoint();
    const bucket = `pelita-cors-${randomBytes(6).toString('hex')}`;
    const own = new MinioStorage({ ...endpoint, bucket });
    const client = new Client({ endPoint: endpoint.endPoint, port: endpoint.port, useSSL: endpoint.useSSL, accessKey: endpoint.accessKey, secretKey: endpoint.secretKey, region: endpoint.region, pathStyle: true });
    await own.ensureBucket();
    try {
      const first = await own.allowBrowserAccess(['http://pelita.example.test:8080']);
      // RADOS Gateway and AWS keep bucket CORS rules; MinIO and the embedded store answer every origin themselves.
      expect(['set', 'unsupported']).toContain(first);
      if (first === 'set') {
        await expect(own.allowBrowserAccess(['http://pelita.example.test:8080'])).resolves.toBe('unchanged');
        // A second origin is added beside the first, not in its place.
        await expect(own.allowBrowserAccess(['https://pelita.sibolgakota.go.id'])).resolves.toBe('set');
        // A rule that allowed PUT only (as the app's first versions set it) is widened to GET and HEAD.
        const putOnly =
          '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>pelita-browser-uploads</ID><AllowedOrigin>http://pelita.example.test:8080</AllowedOrigin>' +
          '<AllowedOrigin>https://pelita.sibolgakota.go.id</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>';
        await client.makeRequestAsync({ method: 'PUT', bucketName: bucket, query: 'cors', headers: { 'Content-MD5': createHash('md5').update(putOnly).digest('base64') } }, putOnly, [200]);
        await expect(own.allowBrowserAccess(['https://pelita.sibolgakota.go.id'])).resolves.toBe('set');
        await expect(own.allowBrowserAccess(['http://pelita.example.test:8080'])).resolves.toBe('unchanged');
        // Replicas (or parallel test apps) adding their origins at the same moment each rewrite the
        // whole document: every one of them is there afterwards, none lost to another's write.
        const replicas = Array.from({ length: 6 }, (_, i) => `http://127.0.0.1:${41000 + i}`);
        await Promise.all(replicas.map((origin) => own.allowBrowserAccess([origin])));
        for (const origin of replicas) await expect(own.allowBrowserAccess([origin])).resolves.toBe('unchanged');
      } else {
        await expect(own.allowBrowserAccess(['https://pelita.sibolgakota.go.id'])).resolves.toBe('unsupported');
      }
      const url = await own.presignedPutUrl('unggahan/modul.pdf', 300);
      for (const origin of ['http://pelita.example.test:8080', 'https://pelita.sibolgakota.go.id']) {
        // The browser's preflight for a PUT with a Content-Type, then the PUT itself.
        const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
        expect(preflight.status).toBe(200);
        expect(preflight.headers.get('access-control-allow-origin')).toMatch(new RegExp(`^(\\*|${origin.replace(/[.]/g, '\\.')})$`));
        expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
        const put = await fetch(url, { method: 'PUT', headers: { origin, 'content-type': 'application/pdf' }, body: Buffer.from('%PDF-1.4 modul') });
        expect(put.status).toBe(200);
        expect(put.headers.get('access-control-allow-origin')).toMatch(/^(\*|https?:\/\/pelita\.)/);
        // A learner's app reads a material's bytes to keep them for offline use: a GET from the page's origin.
        const read = await own.presignedGetUrl('unggahan/modul.pdf', 300);
        const get = await fetch(read, { headers: { origin } });
        expect(get.status).toBe(200);
        expect(get.headers.get('access-control-allow-origin')).toMatch(new RegExp(`^(\\*|${origin.replace(/[.]/g, '\\.')})$`));
        await expect(get.text()).resolves.toBe('%PDF-1.4 modul');
      }
      await own.removeObject('unggahan/modul.pdf');
    } finally {
      await client.removeBucket(bucket).catch(() => undefined);
    }
  });

  it('streams a local file up with putFile', async () => {
    const objectKey = key();
    const file = path.join(tmpdir(), `pelita-putfile-${randomBytes(4).toString('hex')}.csv`);
    const body = Buffer.from(`\uFEFFNIP,Nama\r\n${'199001012015011001,Ani Lubis\r\n'.repeat(20_000)}`);
    await writeFile(file, body);
    try {
      await storage.putFile(objectKey, file, body.length, 'text/csv; charset=utf-8');
      const stat = await storage.statObject(objectKey);
      expect(stat?.size).toBe(body.length);
      expect(stat?.contentType).toBe('text/csv; charset=utf-8');
      const chunks: Buffer[] = [];
      for await (const chunk of await storage.getObject(objectKey)) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      await storage.removeObject(objectKey);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('stores, stats, reads back and removes an object', async () => {
    const objectKey = key();
    const body = Buffer.from('%PDF-1.4 Modul Pelayanan Publik Prima');
    await storage.putObject(objectKey, body, body.length, 'application/pdf');
    const stat = await storage.statObject(objectKey);
    expect(stat?.size).toBe(body.length);
    expect(stat?.contentType).toBe('application/pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.getObject(objectKey)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    await storage.removeObject(objectKey);
    expect(await storage.statObject(objectKey)).toBeUndefined();
  });

  it('presigns a PUT a client can upload with, and a GET with a download name and range support', async () => {
    const objectKey = key();
    const body = randomBytes(4096);
    const putUrl = await storage.presignedPutUrl(objectKey, 300);
    const put = await fetch(putUrl, { method: 'PUT', body });
    expect(put.status).toBe(200);

    const getUrl = await storage.presignedGetUrl(objectKey, 300, { downloadFilename: 'Modul 1 — Pelayanan.pdf' });
    const whole = await fetch(getUrl);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);
    expect(whole.headers.get('content-disposition')).toContain("filename*=UTF-8''Modul%201%20%E2%80%94%20Pelayanan.pdf");

    const part = await fetch(getUrl, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
    await storage.removeObject(objectKey);
  });

  it('reports an unreachable server as STORAGE_UNAVAILABLE', async () => {
    const unreachable = new MinioStorage({ ...testStorageEndpoint(), endPoint: '127.0.0.1', port: 1 });
    await expect(unreachable.presignedPutUrl(key(), 60)).resolves.toContain('127.0.0.1:1');
    await expect(unreachable.statObject(key())).rejects.toMatchObject({ extensions: { code: 'STORAGE_UNAVAILABLE' } });
  });

  it('refuses a presigned URL whose signature was tampered with', async () => {
    const objectKey = key();
    await storage.putObject(objectKey, Buffer.from('rahasia'), 7, 'text/plain');
    const url = new URL(await storage.presignedGetUrl(objectKey, 300));
    const signature = url.searchParams.get('X-Amz-Signature') ?? '';
    url.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    expect((await fetch(url)).status).toBe(403);
    await storage.removeObject(objectKey);
  });

  it('refuses a presigned URL after it expired', async () => {
    const objectKey = key();
    await storage.putObject(objectKey, Buffer.from('kedaluwarsa'), 11, 'text/plain');
    const url = await storage.presignedGetUrl(objectKey, 1);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await fetch(url)).status).toBe(403);
    await storage.removeObject(objectKey);
  });
});
