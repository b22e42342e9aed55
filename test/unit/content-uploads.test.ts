import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { UploadProgress } from '../../src/content/progress';
import { sendBytes } from '../../src/content/uploads';
import { writeFolder } from '../builders/content';
import path from 'node:path';

describe('content uploads', () => {
  let server: Server;
  let base: string;
  const received = new Map<string, Buffer>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.set(request.url ?? '', Buffer.concat(chunks));
        response.statusCode = request.url?.includes('fail') ? 403 : 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps its sockets alive; close them so the worker can exit at once.
        server.closeAllConnections();
      }),
  );

  const fileOf = (bytes: Buffer) => {
    const root = writeFolder({ 'video.mp4': bytes });
    return { relativePath: 'video.mp4', absolutePath: path.join(root, 'video.mp4'), filename: 'video.mp4', contentType: 'video/mp4', size: bytes.length, sha256: 'x' };
  };

  it('sends only the parts still missing, each its own slice, and counts the rest as done', async () => {
    const bytes = randomBytes(25);
    const lines: string[] = [];
    const progress = new UploadProgress(25, false, (text) => lines.push(text));
    const ticket = {
      uploadId: 'u1',
      url: null,
      method: 'PUT',
      headers: [],
      multipart: true,
      partSize: 10,
      partCount: 3,
      parts: [
        { partNumber: 2, url: `${base}/part-2?X-Amz-Signature=secret` },
        { partNumber: 3, url: `${base}/part-3?X-Amz-Signature=secret` },
      ],
    };
    await sendBytes(ticket, fileOf(bytes), progress);
    expect(received.get('/part-2?X-Amz-Signature=secret')).toEqual(bytes.subarray(10, 20));
    expect(received.get('/part-3?X-Amz-Signature=secret')).toEqual(bytes.subarray(20, 25));
    progress.finish('video.mp4', 25);
    expect(lines).toEqual(['uploaded video.mp4 (25 B; 25 B of 25 B)\n']);
  });

  it('names the file and the URL without its signature when a PUT is refused', async () => {
    const ticket = { uploadId: 'u2', url: `${base}/fail?X-Amz-Signature=secret`, method: 'PUT', headers: [], multipart: false, partSize: null, partCount: null, parts: [] };
    const failure = await sendBytes(ticket, fileOf(randomBytes(5)), new UploadProgress(5, false, () => undefined)).catch((error: Error) => error);
    expect((failure as Error).message).toBe(`upload of video.mp4 to ${base}/fail: HTTP 403`);
  });
});
