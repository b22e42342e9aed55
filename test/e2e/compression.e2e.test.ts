import http from 'node:http';
import zlib from 'node:zlib';
import { startTestApp, type TestApp } from '../support/test-app';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire, not decoded. */
  body: Buffer;
}

/** A POST whose answer is read as sent (fetch would decode it). */
function rawPost(url: string, payload: object | Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const body = Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

const decode = (answer: RawAnswer) => {
  const encoding = answer.headers['content-encoding'];
  const bytes = encoding === 'br' ? zlib.brotliDecompressSync(answer.body) : encoding === 'gzip' ? zlib.gunzipSync(answer.body) : answer.body;
  return JSON.parse(bytes.toString('utf8'));
};

/** Every type's name and fields: well over 1 KB of JSON. */
const LARGE = { query: '{ __schema { types { name fields { name } } } }' };
const SMALL = { query: '{ me { id } }' };

describe('compression on the wire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('compresses an answer of 1 KB or more with brotli when the client takes it, to the same JSON', async () => {
    const plain = await rawPost(t.url, LARGE);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThanOrEqual(1024);

    const compressed = await rawPost(t.url, LARGE, { 'accept-encoding': 'br, gzip' });
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 3);
    expect(decode(compressed)).toEqual(JSON.parse(plain.body.toString('utf8')));

    const gzipped = await rawPost(t.url, LARGE, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(decode(gzipped)).toEqual(JSON.parse(plain.body.toString('utf8')));
  });

  it('leaves a small answer, and any answer to a client that does not say it takes compression, as it is', async () => {
    const small = await rawPost(t.url, SMALL, { 'accept-encoding': 'br, gzip' });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(decode(small).data).toEqual({ me: null });

    const identity = await rawPost(t.url, LARGE, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(decode(identity).data.__schema.types.length).toBeGreaterThan(10);
  });

  it('sends no ETag with a POST answer, which nothing revalidates; a GET answer keeps its own', async () => {
    for (const headers of [{}, { 'accept-encoding': 'br, gzip' }] as Record<string, string>[]) {
      for (const payload of [SMALL, LARGE]) {
        const answer = await rawPost(t.url, payload, headers);
        expect(answer.status).toBe(200);
        expect(answer.headers.etag).toBeUndefined();
      }
    }
    const get = await fetch(`${t.url}?query=${encodeURIComponent(SMALL.query)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('etag')).toMatch(/^W\/"/);
  });

  it('keeps an error answer’s status, as a client reads it, when compressed', async () => {
    // A validation failure over 1 KB: one error per unknown field.
    const unknownFields = Array.from({ length: 40 }, (_, i) => `nichtDa${i}`).join(' ');
    const refused = await rawPost(t.url, { query: `{ me { ${unknownFields} } }` }, { 'accept-encoding': 'br, gzip' });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-encoding']).toBe('br');
    expect(decode(refused).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  describe('compressed request bodies (the web app gzips a long sync)', () => {
    it('reads a gzipped body as the JSON it holds', async () => {
      const body = zlib.gzipSync(JSON.stringify({ query: 'query ($s: String!) { verifyCertificate(code: $s) { number } }', variables: { s: 'KODE-TIDAK-ADA' } }));
      const answer = await rawPost(t.url, body, { 'content-encoding': 'gzip' });
      expect(answer.status).toBe(200);
      expect(decode(answer)).toEqual(expect.objectContaining({ data: { verifyCertificate: null } }));
    });

    it('measures the limit on what a body inflates to: a small gzip of a huge body is PAYLOAD_TOO_LARGE', async () => {
      const huge = JSON.stringify({ query: '{ __typename }', variables: { padding: ' '.repeat(t.config.maxRequestBytes * 2) } });
      const body = zlib.gzipSync(huge);
      expect(body.length).toBeLessThan(t.config.maxRequestBytes / 10);
      const answer = await rawPost(t.url, body, { 'content-encoding': 'gzip' });
      expect(answer.status).toBe(413);
      expect(decode(answer).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers BAD_USER_INPUT for a body that is not the gzip it says (400), or in an encoding it cannot read (415)', async () => {
      const json = Buffer.from(JSON.stringify({ query: '{ __typename }' }));
      // 'compress' (LZW) is a registered encoding nothing reads any more.
      const cases: [Buffer, string, number][] = [[json, 'gzip', 400], [zlib.gzipSync(json).subarray(0, 12), 'gzip', 400], [json, 'deflate', 400], [json, 'br', 400], [json, 'compress', 415]];
      // zstd is read where the runtime has it (Node 22), refused where it has not (Node 20).
      cases.push([json, 'zstd', 'zstdDecompressSync' in zlib ? 400 : 415]);
      for (const [body, encoding, status] of cases) {
        const answer = await rawPost(t.url, body, { 'content-encoding': encoding });
        expect([answer.status, encoding]).toEqual([status, encoding]);
        const error = decode(answer).errors[0];
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        expect(error.message).not.toMatch(/\bat \S+:\d+/);
      }
    });
  });
});
