/**
 * Benchmark: bytes on the wire for a learner's typical screens, as a phone sends and receives
 * them: the learning dashboard (myLearning), a course page with the learner's progress, and one
 * offline sync of 50 progress events (recordProgress), whose event ids the device numbers from
 * its own random prefix (see deviceEventIds; the same sync with random UUIDs is printed too).
 *
 *   npm run bench:bytes
 *
 * Each screen is sent twice over HTTP/1.1 and measured as the bytes the request and the answer
 * take on the wire: request line, headers and body; status line, headers and body as sent (so
 * compressed when it was). TLS and chunked framing are not counted; both sides pay them alike.
 *
 *   plain — POST with the query text in a JSON body, no Accept-Encoding (what a simple client does);
 *   APQ + compression — the persisted hash alone (queries by GET, the mutation by POST, as Apollo
 *     Client's persisted-query link sends them), with `Accept-Encoding: br, gzip`; the sync's body
 *     is also sent gzipped (`Content-Encoding: gzip`, read by the API's body parser), shown apart.
 *
 * Then the same three screens over HTTP/2, as a phone reaches Pelita through an HTTPS proxy that
 * speaks h2 (cleartext here, the proxy in this process; TLS costs both kinds of client alike): each
 * way of asking on one connection, every byte on its socket counted both ways (frames, HPACK
 * headers, bodies), the sync's body gzipped as the web app sends it.
 *
 * Steady state: each hash was registered beforehand (a client's first use of a query pays one
 * PERSISTED_QUERY_NOT_FOUND round trip, once per query per deployment); its cost is printed too.
 * Answers are checked to hold the same data both ways. Uses TEST_DATABASE_URL when set, else an
 * embedded PostgreSQL under data/bench; object storage is the embedded endpoint. BYTES_VERBOSE=1
 * prints each exchange's header blocks.
 */
import './production-mode';
import 'reflect-metadata';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import zlib from 'node:zlib';
import { buildCourse, buildMaterial, buildModule, publishCourse, type MaterialKind } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { graphqlClient } from '../support/graphql-client';
import { startBenchEnvironment } from './bench-environment';

const MY_LEARNING = `query MyLearning {
  myLearning {
    year
    jpThisYear
    jpTarget
    enrollments {
      status
      percent
      enrollment { id enrolledAt completedAt }
      course { id code title summary jp competency deliveryMode coverImageUrl organization { id name } }
      nextMaterial { id title kind estimatedMinutes }
    }
    jpEntries { id title jp source creditedOn }
  }
}`;

const COURSE_PAGE = `query CoursePage($id: ID) {
  course(id: $id) {
    id
    code
    title
    summary
    description
    competency
    jp
    deliveryMode
    language
    tags
    coverImageUrl
    organization { id name }
    myEnrollment { id status enrolledAt completedAt }
    myProgress { percent completedRequired totalRequired resumeMaterial { id title kind } }
    modules {
      id
      position
      title
      summary
      estimatedMinutes
      myProgress { percent completedRequired totalRequired locked }
      materials {
        id
        position
        title
        kind
        required
        estimatedMinutes
        currentVersion { id version filename contentType size }
        myProgress { status furthestPositionSeconds durationSeconds timeOnTaskSeconds lastEventAt completedAt }
      }
    }
  }
}`;

/** Results come one per event in input order (the schema says so): the client knows which event each is without its id. */
const RECORD_PROGRESS = `mutation RecordProgress($events: [ProgressEventInput!]!) {
  recordProgress(events: $events) {
    applied
    duplicates
    refused
    results { outcome code }
  }
}`;

const COURSES = 3;
const MODULES_PER_COURSE = 3;
const KINDS: MaterialKind[] = ['VIDEO', 'TEXT', 'DOCUMENT', 'VIDEO', 'LINK'];
const SYNC_EVENTS = 50;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Wire {
  requestBytes: number;
  responseBytes: number;
  /** What the request carries for GraphQL, headers aside: its body, or a GET's query string. */
  requestPayload: number;
  /** The answer's body as sent. */
  responsePayload: number;
  status: number;
  etag?: string;
  /** The answer's JSON, decoded (nothing for a 304). */
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

interface Sent {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** One request on its own connection; counts what went over the wire both ways. */
function exchange(url: URL, sent: Sent): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const headers = { host: url.host, connection: 'keep-alive', ...sent.headers, ...(sent.body ? { 'content-length': String(sent.body.length) } : {}) };
    const request = http.request({ host: url.hostname, port: url.port, method: sent.method, path: sent.path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const head = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n${pairs(response.rawHeaders)}\r\n`;
        // The header block exactly as Node wrote it.
        const requestHead = (request as unknown as { _header: string })._header;
        if (process.env.BYTES_VERBOSE) console.log(`--- ${requestHead.length} B request head, ${sent.body?.length ?? 0} B body; ${head.length} B answer head, ${raw.length} B body\n${requestHead}${head}`);
        const encoding = response.headers['content-encoding'];
        const decoded = encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
        resolve({
          requestBytes: Buffer.byteLength(requestHead) + (sent.body?.length ?? 0),
          responseBytes: Buffer.byteLength(head) + raw.length,
          requestPayload: (sent.body?.length ?? 0) + Buffer.byteLength(sent.path.split('?')[1] ?? ''),
          responsePayload: raw.length,
          status: response.statusCode ?? 0,
          etag: response.headers.etag,
          body: decoded.length ? JSON.parse(decoded.toString('utf8')) : {},
        });
      });
    });
    request.on('error', reject);
    request.end(sent.body);
  });
}

/**
 * An HTTP/2 front as a phone meets Pelita through an HTTPS proxy that speaks h2 (cleartext here:
 * TLS framing costs both kinds of client alike), forwarding each stream to the API over HTTP/1.1
 * as such a proxy does. Hop-by-hop headers stay on their own hop.
 */
async function startH2Front(upstream: URL): Promise<{ origin: string; close: () => Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true });
  const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const forwarded: Record<string, string> = { host: String(headers[':authority'] ?? upstream.host) };
    for (const [name, value] of Object.entries(headers)) if (!name.startsWith(':') && value !== undefined) forwarded[name] = String(value);
    const request = http.request(
      { host: upstream.hostname, port: upstream.port, method: String(headers[':method']), path: String(headers[':path']), headers: forwarded, agent },
      (response) => {
        const answer: http2.OutgoingHttpHeaders = { ':status': response.statusCode ?? 502 };
        for (const [name, value] of Object.entries(response.headers)) if (!hopByHop.has(name) && value !== undefined) answer[name] = value;
        stream.respond(answer);
        response.pipe(stream);
      },
    );
    request.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    stream.pipe(request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { agent.destroy(); server.close(() => resolve()); }),
  };
}

/** One phone's HTTP/2 connection, counting every byte its socket sends and receives (frames, HPACK, bodies). */
async function h2Connection(origin: string): Promise<{ exchange: (sent: Sent) => Promise<Wire>; bytes: () => number; close: () => Promise<void> }> {
  const { hostname, port } = new URL(origin);
  let socket: net.Socket | undefined;
  const session = http2.connect(origin, { createConnection: () => (socket = net.connect(Number(port), hostname)) });
  await new Promise<void>((resolve, reject) => { session.once('remoteSettings', () => resolve()); session.once('error', reject); });
  const bytes = () => (socket ? socket.bytesRead + socket.bytesWritten : 0);
  const exchange = (sent: Sent) =>
    new Promise<Wire>((resolve, reject) => {
      const before = bytes();
      const stream = session.request({ ':method': sent.method, ':path': sent.path, ...sent.headers });
      let status = 0;
      let encoding: string | undefined;
      let etag: string | undefined;
      stream.on('response', (headers) => {
        status = Number(headers[':status']);
        encoding = headers['content-encoding'] as string | undefined;
        etag = headers.etag as string | undefined;
      });
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const decoded = encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
        // Frames for this stream (and any WINDOW_UPDATE the peers sent meanwhile) are all counted on the socket.
        setImmediate(() =>
          resolve({
            requestBytes: bytes() - before,
            responseBytes: 0,
            requestPayload: (sent.body?.length ?? 0) + Buffer.byteLength(sent.path.split('?')[1] ?? ''),
            responsePayload: raw.length,
            status,
            etag,
            body: decoded.length ? JSON.parse(decoded.toString('utf8')) : {},
          }),
        );
      });
      stream.end(sent.body);
    });
  const close = () => new Promise<void>((resolve) => session.close(() => resolve()));
  return { exchange, bytes, close };
}

function pairs(raw: string[]): string {
  let text = '';
  for (let i = 0; i < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return text;
}

interface Operation {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  mutation: boolean;
}

/** What a plain client sends: the query in a JSON body, nothing compressed. */
/** Sends one exchange: on its own HTTP/1.1 connection unless a transport (the HTTP/2 one) is given. */
type Transport = (sent: Sent) => Promise<Wire>;

function plain(url: URL, token: string, operation: Operation, send: Transport = (sent) => exchange(url, sent)): Promise<Wire> {
  const body = Buffer.from(JSON.stringify({ operationName: operation.operationName, query: operation.query, variables: operation.variables }));
  return send({
    method: 'POST',
    path: url.pathname,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
}

/** What Apollo Client's persisted-query link sends once the hash is known, accepting compressed answers. */
function persisted(url: URL, token: string, operation: Operation, options: { withQuery?: boolean; gzipBody?: boolean; ifNoneMatch?: string; send?: Transport } = {}): Promise<Wire> {
  const send = options.send ?? ((sent: Sent) => exchange(url, sent));
  const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(operation.query) } };
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    // Apollo Client sends it on GET too; it is also what Apollo Server's CSRF prevention asks for.
    'content-type': 'application/json',
    accept: 'application/json',
    'accept-encoding': 'br, gzip',
  };
  if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
  if (!operation.mutation && !options.withQuery) {
    const search = new URLSearchParams({ operationName: operation.operationName, variables: JSON.stringify(operation.variables), extensions: JSON.stringify(extensions) });
    return send({ method: 'GET', path: `${url.pathname}?${search}`, headers });
  }
  const json = Buffer.from(
    JSON.stringify({ operationName: operation.operationName, variables: operation.variables, extensions, ...(options.withQuery ? { query: operation.query } : {}) }),
  );
  if (options.gzipBody) headers['content-encoding'] = 'gzip';
  return send({ method: 'POST', path: url.pathname, headers, body: options.gzipBody ? zlib.gzipSync(json) : json });
}

/**
 * Event ids as a device makes them for a weak link: its own random 74 bits, chosen once, then a
 * counter, laid out as a version-8 UUID (any UUID is a valid event id). Fifty of them compress
 * to a few bytes each, where fifty random UUIDs stay about 19 bytes each however they are sent.
 * Two of ten million devices share a prefix with a chance of about 3 in a billion.
 */
function deviceEventIds(): () => string {
  const random = randomBytes(10).toString('hex');
  const variant = '89ab'[parseInt(random[18], 16) % 4];
  let counter = 0;
  return () => {
    counter += 1;
    return `${random.slice(0, 8)}-${random.slice(8, 12)}-8${random.slice(12, 15)}-${variant}${random.slice(15, 18)}-${counter.toString(16).padStart(12, '0')}`;
  };
}
const nextDeviceEventId = deviceEventIds();

function syncEvents(materialIds: string[], nextId: () => string = nextDeviceEventId): object[] {
  let clock = Date.now() - 3 * 86_400_000;
  return Array.from({ length: SYNC_EVENTS }, (_, i) => {
    clock += 15_000;
    const materialId = materialIds[i % materialIds.length];
    return { id: nextId(), materialId, occurredAt: new Date(clock).toISOString(), kind: 'POSITION', position: 30 + i * 15, duration: 1200 };
  });
}

const failures: string[] = [];
function expectOk(label: string, wire: Wire): Wire {
  if (wire.status !== 200 || wire.body.errors?.length) failures.push(`${label}: HTTP ${wire.status} ${JSON.stringify(wire.body.errors)}`);
  return wire;
}

async function main() {
  const environment = await startBenchEnvironment();
  try {
    const admin = { email: 'admin@bkpsdm.sibolgakota.go.id', password: 'kata-sandi-admin-bench' };
    const app = await environment.startApp({ bootstrapAdmin: admin });
    try {
      const client = graphqlClient(app.url);
      let adminToken: Promise<string> | undefined;
      const api = { ...client, adminToken: () => (adminToken ??= client.login(admin.email, admin.password).then((session) => session.accessToken)) };

      // A learner enrolled in three published courses of three modules of five materials each.
      const learner = await buildUser(api, { name: 'Rina Hutagalung' });
      const token = await learner.token();
      const courses: { id: string; materialIds: string[] }[] = [];
      for (let c = 0; c < COURSES; c += 1) {
        const course = await buildCourse(api, { title: `Pelayanan Publik Prima ${c + 1}`, summary: 'Standar pelayanan, maklumat dan survei kepuasan masyarakat bagi ASN.' });
        const materialIds: string[] = [];
        for (let m = 0; m < MODULES_PER_COURSE; m += 1) {
          const module = await buildModule(api, course, { title: `Modul ${m + 1}: Konsep dan Praktik Pelayanan` });
          for (const kind of KINDS) materialIds.push((await buildMaterial(api, course, module.id, kind)).id);
        }
        await publishCourse(api, course);
        await enrolLearner(api, learner, course);
        courses.push({ id: course.id, materialIds });
      }
      // Some progress already: the first course's first module is under way.
      await client.ok(RECORD_PROGRESS, { events: syncEvents(courses[0].materialIds.slice(0, KINDS.length)) }, { token });

      const url = new URL(app.url);
      const screens: { label: string; operation: () => Operation }[] = [
        { label: 'myLearning', operation: () => ({ operationName: 'MyLearning', query: MY_LEARNING, variables: {}, mutation: false }) },
        { label: 'course page with progress', operation: () => ({ operationName: 'CoursePage', query: COURSE_PAGE, variables: { id: courses[0].id }, mutation: false }) },
        {
          label: `recordProgress (${SYNC_EVENTS} events)`,
          // New events each time, so each transport syncs the same amount of work.
          operation: () => ({ operationName: 'RecordProgress', query: RECORD_PROGRESS, variables: { events: syncEvents(courses[0].materialIds.slice(0, KINDS.length)) }, mutation: true }),
        },
      ];

      const rows: { screen: string; plainRequest: number; plainResponse: number; apqRequest: number; apqResponse: number }[] = [];
      const payload = { plain: 0, apq: 0, apqGzippedSync: 0 };
      let registration = 0;
      let gzippedSync: Wire | undefined;
      let revalidated: { screen: string; plain: number; wire: Wire } | undefined;
      for (const screen of screens) {
        // First use: hash only (unknown), then hash and query: the once-per-deployment cost.
        const first = screen.operation();
        const miss = await persisted(url, token, first);
        if (miss.body.errors?.[0]?.extensions?.code !== 'PERSISTED_QUERY_NOT_FOUND') failures.push(`${screen.label}: first use answered ${JSON.stringify(miss.body)}`);
        const register = expectOk(`${screen.label} (registration)`, await persisted(url, token, first, { withQuery: true }));
        registration += miss.requestBytes + miss.responseBytes + register.requestBytes + register.responseBytes;

        const before = expectOk(`${screen.label} (plain)`, await plain(url, token, screen.operation()));
        const after = expectOk(`${screen.label} (APQ + compression)`, await persisted(url, token, screen.operation()));
        if (!first.mutation && !isDeepStrictEqual(before.body.data, after.body.data)) failures.push(`${screen.label}: the answers differ`);
        if (screen.label === 'myLearning') {
          // The screen opened again, nothing changed: a browser revalidates the GET it cached (no
          // Cache-Control, so never used unasked) with its ETag, and the answer is a bodiless 304.
          const again = await persisted(url, token, screen.operation(), { ifNoneMatch: after.etag });
          if (again.status !== 304) failures.push(`${screen.label} (revalidated): HTTP ${again.status}`);
          revalidated = { screen: screen.label, plain: before.requestBytes + before.responseBytes, wire: again };
        }
        if (first.mutation) gzippedSync = expectOk(`${screen.label} (gzipped body)`, await persisted(url, token, screen.operation(), { gzipBody: true }));
        payload.plain += before.requestPayload + before.responsePayload;
        payload.apq += after.requestPayload + after.responsePayload;
        payload.apqGzippedSync += gzippedSync && first.mutation ? gzippedSync.requestPayload + gzippedSync.responsePayload : after.requestPayload + after.responsePayload;
        rows.push({ screen: screen.label, plainRequest: before.requestBytes, plainResponse: before.responseBytes, apqRequest: after.requestBytes, apqResponse: after.responseBytes });
      }

      const cell = (value: string | number, width: number) => String(value).padStart(width);
      console.log('\nBytes on the wire per screen (HTTP/1.1 request line + headers + body; status line + headers + body as sent)\n');
      console.log(`${'screen'.padEnd(30)}${cell('plain req', 11)}${cell('plain resp', 12)}${cell('plain', 9)} | ${cell('APQ+c req', 10)}${cell('APQ+c resp', 12)}${cell('APQ+c', 9)} | ${cell('ratio', 6)}`);
      let plainSum = 0;
      let apqSum = 0;
      for (const row of rows) {
        const p = row.plainRequest + row.plainResponse;
        const a = row.apqRequest + row.apqResponse;
        plainSum += p;
        apqSum += a;
        console.log(`${row.screen.padEnd(30)}${cell(row.plainRequest, 11)}${cell(row.plainResponse, 12)}${cell(p, 9)} | ${cell(row.apqRequest, 10)}${cell(row.apqResponse, 12)}${cell(a, 9)} | ${cell(`${(p / a).toFixed(1)}×`, 6)}`);
      }
      console.log(`${'all three'.padEnd(30)}${cell('', 11)}${cell('', 12)}${cell(plainSum, 9)} | ${cell('', 10)}${cell('', 12)}${cell(apqSum, 9)} | ${cell(`${(plainSum / apqSum).toFixed(1)}×`, 6)}`);
      if (gzippedSync) {
        const sync = rows[rows.length - 1];
        const withGzip = apqSum - sync.apqRequest - sync.apqResponse + gzippedSync.requestBytes + gzippedSync.responseBytes;
        console.log(
          `\nThe sync with its body gzipped too (Content-Encoding: gzip): request ${gzippedSync.requestBytes} B, answer ${gzippedSync.responseBytes} B; ` +
            `all three screens then ${withGzip} B, ${(plainSum / withGzip).toFixed(1)}× fewer than plain.`,
        );
      }
      {
        // The same sync with random UUIDs as event ids, for comparison.
        const operation = () => ({ operationName: 'RecordProgress', query: RECORD_PROGRESS, variables: { events: syncEvents(courses[0].materialIds.slice(0, KINDS.length), randomUUID) }, mutation: true });
        const before = expectOk('sync with random ids (plain)', await plain(url, token, operation()));
        const after = expectOk('sync with random ids (APQ, gzipped body)', await persisted(url, token, operation(), { gzipBody: true }));
        const [p, a] = [before.requestBytes + before.responseBytes, after.requestBytes + after.responseBytes];
        console.log(`The sync with random UUIDs as event ids instead: plain ${p} B, APQ + compression with its body gzipped ${a} B (${(p / a).toFixed(1)}×).`);
      }
      if (revalidated) {
        const bytes = revalidated.wire.requestBytes + revalidated.wire.responseBytes;
        console.log(
          `${revalidated.screen} opened again unchanged, the browser revalidating its cached GET (If-None-Match → ${revalidated.wire.status}): ` +
            `${bytes} B against ${revalidated.plain} B plain (${(revalidated.plain / bytes).toFixed(1)}×); a POST cannot be revalidated.`,
        );
      }
      console.log(
        `Payload only (request body or GET query string, answer body; headers left out): plain ${payload.plain} B, APQ + compression ${payload.apq} B ` +
          `(${(payload.plain / payload.apq).toFixed(1)}×), with the sync's body gzipped ${payload.apqGzippedSync} B (${(payload.plain / payload.apqGzippedSync).toFixed(1)}×).`,
      );
      {
        // The same three screens as a phone sends them over one HTTP/2 connection each way of
        // asking: HPACK sends a header it has seen on the connection as an index of a byte or two.
        const front = await startH2Front(url);
        try {
          const measure = async (ask: (send: Transport, operation: Operation) => Promise<Wire>) => {
            const connection = await h2Connection(front.origin);
            const setup = connection.bytes();
            const perScreen: number[] = [];
            for (const screen of screens) {
              const wire = expectOk(`${screen.label} (HTTP/2)`, await ask(connection.exchange, screen.operation()));
              perScreen.push(wire.requestBytes);
            }
            await connection.close();
            return { setup, perScreen, total: connection.bytes() };
          };
          const h2Plain = await measure((send, operation) => plain(url, token, operation, send));
          const h2Apq = await measure((send, operation) => persisted(url, token, operation, { send, gzipBody: operation.mutation }));
          console.log('\nThe same screens over HTTP/2, each way of asking on one connection of its own (bytes on the socket, both ways: frames, HPACK headers, bodies)\n');
          console.log(`${'screen'.padEnd(30)}${cell('plain', 9)} | ${cell('APQ+c', 9)} | ${cell('ratio', 6)}`);
          console.log(`${'connection setup'.padEnd(30)}${cell(h2Plain.setup, 9)} | ${cell(h2Apq.setup, 9)} |`);
          screens.forEach((screen, i) => {
            const [p, a] = [h2Plain.perScreen[i], h2Apq.perScreen[i]];
            console.log(`${screen.label.padEnd(30)}${cell(p, 9)} | ${cell(a, 9)} | ${cell(`${(p / a).toFixed(1)}×`, 6)}`);
          });
          console.log(`${'all three, with setup and close'.padEnd(30)}${cell(h2Plain.total, 9)} | ${cell(h2Apq.total, 9)} | ${cell(`${(h2Plain.total / h2Apq.total).toFixed(1)}×`, 6)}`);
        } finally {
          await front.close();
        }
      }
      console.log(`First use of the three queries (one PERSISTED_QUERY_NOT_FOUND round trip and one registration each), once per deployment: ${registration} B.`);
    } finally {
      await app.stop();
    }
  } finally {
    await environment.stop();
  }
  if (failures.length) {
    console.error(`\nFAILED:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
