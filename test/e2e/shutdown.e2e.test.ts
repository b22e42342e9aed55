import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { cleanEnv, isReady, type PelitaProcess, startPelita, within } from '../support/pelita-process';
import { cloneDatabase, testStorageEndpoint } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects, or answers the connection error (ECONNREFUSED once the server stopped listening). */
function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads one HTTP/1.1 response from a socket (Content-Length, chunked, or until the socket ends). */
function readResponse(socket: net.Socket, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no complete response within ${timeoutMs} ms: ${buffer.toString()}`)), timeoutMs);
    const finish = (error?: Error, response?: RawResponse) => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
      if (error) reject(error);
      else resolve(response as RawResponse);
    };
    const parse = (ended: boolean): RawResponse | undefined => {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return undefined;
      const [statusLine, ...headerLines] = buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(statusLine.split(' ')[1]);
      const rest = buffer.subarray(headerEnd + 4);
      if (headers['content-length'] !== undefined) {
        const length = Number(headers['content-length']);
        return rest.length >= length ? { status, headers, body: rest.subarray(0, length).toString('utf8') } : undefined;
      }
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
        const parts: Buffer[] = [];
        let offset = 0;
        for (;;) {
          const lineEnd = rest.indexOf('\r\n', offset);
          if (lineEnd < 0) return undefined;
          const size = parseInt(rest.subarray(offset, lineEnd).toString('latin1'), 16);
          if (size === 0) return { status, headers, body: Buffer.concat(parts).toString('utf8') };
          if (rest.length < lineEnd + 2 + size + 2) return undefined;
          parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
          offset = lineEnd + 2 + size + 2;
        }
      }
      return ended ? { status, headers, body: rest.toString('utf8') } : undefined;
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const response = parse(false);
      if (response) finish(undefined, response);
    };
    const onEnd = () => {
      const response = parse(true);
      finish(response ? undefined : new Error(`connection ended without a complete response: ${buffer.toString()}`), response);
    };
    const onError = (error: Error) => finish(error);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
  });
}

/** What a brand-new client gets once shutdown began: refused, or a request that fails. */
async function newClientOutcome(port: number): Promise<'refused' | 'failed' | 'answered'> {
  let socket: net.Socket;
  try {
    socket = await connect(port);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'refused' : 'failed';
  }
  try {
    const body = '{"query":"{ viewer { kind } }"}';
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await readResponse(socket, 2_000);
    return 'answered';
  } catch {
    return 'failed';
  } finally {
    socket.destroy();
  }
}

describe('the real process', () => {
  describe('graceful shutdown', () => {
    let database: { url: string; drop: () => Promise<void> };
    let pelita: PelitaProcess | undefined;
    let socket: net.Socket | undefined;

    beforeAll(async () => {
      database = await cloneDatabase();
    });
    afterAll(async () => {
      socket?.destroy();
      if (pelita && pelita.child.exitCode === null && pelita.child.signalCode === null) {
        pelita.child.kill('SIGKILL');
        await pelita.exit;
      }
      await database.drop();
    });

    it('finishes an in-flight request, refuses new ones and exits 0 on SIGTERM', async () => {
      const storage = testStorageEndpoint();
      pelita = startPelita({
        ...cleanEnv(),
        DATABASE_URL: database.url,
        MINIO_ENDPOINT: `http://${storage.endPoint}:${storage.port}`,
        MINIO_ACCESS_KEY: storage.accessKey,
        MINIO_SECRET_KEY: storage.secretKey,
        MINIO_BUCKET: storage.bucket,
        JWT_SECRET: randomBytes(30).toString('base64url').slice(0, 40),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        NODE_ENV: 'test',
      });
      const ready = await pelita.waitForLog(isReady, 30_000);
      const url = new URL(ready.url);
      const port = Number(url.port);
      expect(url.pathname).toBe('/graphql');
      expect(port).toBeGreaterThan(0);

      // A client that has sent its headers and half of its body when the signal arrives.
      const body = '{"query":"{ viewer { kind } }"}';
      const half = Math.floor(body.length / 2);
      socket = await connect(port);
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
      );
      const answer = readResponse(socket, 10_000);
      await sleep(200);

      expect(pelita.child.kill('SIGTERM')).toBe(true);
      await pelita.waitForLog((line) => String(line.msg ?? '').startsWith('shutting down'), 5_000);
      await sleep(300);

      expect(['refused', 'failed']).toContain(await newClientOutcome(port));
      expect(pelita.child.exitCode).toBeNull();

      socket.write(body.slice(half));
      const response = await answer;
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ data: { viewer: { kind: 'ANONYMOUS' } } });

      const exit = await within(pelita.exit, 8_000, 'exit after SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      const messages = pelita.logs.map((line) => String(line.msg ?? ''));
      expect(messages).toContain('stopped cleanly');
      expect(messages.indexOf('stopped cleanly')).toBeGreaterThan(messages.findIndex((m) => m.startsWith('shutting down')));
      expect(pelita.logs.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
      expect(pelita.stderr()).toBe('');
    });
  });

  describe('configuration errors', () => {
    it('exits 1 with one message naming every bad variable', async () => {
      const pelita = startPelita({ ...cleanEnv(), PORT: 'abc', JWT_SECRET: 'short', NODE_ENV: 'test' });
      const exit = await within(pelita.exit, 15_000, 'exit on a bad configuration');
      expect(exit).toEqual({ code: 1, signal: null });
      const stderr = pelita.stderr();
      expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
      expect(stderr).toMatch(/^\s*- PORT: /m);
      expect(stderr).toMatch(/^\s*- JWT_SECRET: .*32/m);
      // Nothing was started: no log lines, and no stack trace for a mere configuration mistake.
      expect(pelita.stdout()).toBe('');
      expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    });

    it('exits 1 in production without JWT_SECRET, DATABASE_URL and MINIO_ENDPOINT, naming each', async () => {
      const pelita = startPelita({ ...cleanEnv(), NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1' });
      const exit = await within(pelita.exit, 15_000, 'exit on an incomplete production configuration');
      expect(exit).toEqual({ code: 1, signal: null });
      const stderr = pelita.stderr();
      expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
      for (const variable of ['JWT_SECRET', 'DATABASE_URL', 'MINIO_ENDPOINT']) {
        expect(stderr).toMatch(new RegExp(`^\\s*- ${variable}: .*production`, 'm'));
      }
      expect(pelita.stdout()).toBe('');
    });
  });
});
