import { randomBytes } from 'node:crypto';
import { buildCourse, buildMaterial, buildModule } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { countRows, selectRows } from '../support/database';
import { errorCode, type GraphQLResponse } from '../support/graphql-client';
import { sha256 } from '../support/sample-files';
import { forwardTcp, type TcpForward } from '../support/tcp-forward';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';
import { COMPLETE_UPLOAD, REQUEST_UPLOAD } from '../support/uploads';

/**
 * Completing an upload reads the whole object back from storage to check it. That read holds
 * no transaction and no row lock, so many large completions at once leave the API answering
 * everyone else, and a completion that loses a race to another completion of the same upload
 * is refused instead of adding a second version.
 *
 * Everything goes through the API and single presigned PUTs, as a client's would. The API reaches
 * the store through a link the test can hold, so the completions wait mid-read for as long as the
 * test looks at the database: the proof does not depend on how fast this machine is.
 */

const MiB = 1024 * 1024;
/** More completions than the API's 10 pooled database connections. */
const FILES = 12;
const ME = `{ me { id } }`;
const COURSES = `{ courses(first: 20) { totalCount edges { node { id } } } }`;

interface Sent {
  materialId: string;
  uploadId: string;
  sha256: string;
  size: number;
}

describe('concurrent completions of large uploads', () => {
  let t: TestApp;
  let instructor: BuiltUser;
  let token: string;
  /** Random once; every file is a slice of it with its own header and tag. */
  const base = randomBytes(24 * MiB);

  /** The app's own way to the store; browsers' presigned PUTs go straight to it. */
  let link: TcpForward;

  beforeAll(async () => {
    const store = testStorageEndpoint();
    link = await forwardTcp('127.0.0.1', { host: store.endPoint, port: store.port });
    t = await startTestApp({
      storage: { ...store, endPoint: '127.0.0.1', port: link.port, publicAddress: { endPoint: store.endPoint, port: store.port, useSSL: store.useSSL } },
    });
    const organizationId = (await buildOrganization(t)).id;
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId });
    token = await instructor.token();
  });
  afterAll(async () => {
    await t.stop();
    await link.close();
  });

  /** An MP4 of 16 to 24 MiB: an ftyp box (so it sniffs as video), then the shared random bytes, tagged to be unique. */
  function videoBytes(index: number): Buffer {
    const size = 16 * MiB + Math.floor((index * 8 * MiB) / FILES);
    const bytes = Buffer.allocUnsafe(size);
    base.copy(bytes, 0, 0, size);
    bytes.writeUInt32BE(24, 0);
    Buffer.from('ftypisom\0\0\x02\0isommp41', 'latin1').copy(bytes, 4);
    Buffer.from(`pelita-${index}-${randomBytes(8).toString('hex')}`, 'latin1').copy(bytes, 64);
    return bytes;
  }

  /** A VIDEO material in a new draft course, its file requested and sent in one PUT, not yet completed. */
  async function sendVideo(index: number): Promise<Sent> {
    const course = await buildCourse(t, { author: instructor });
    const module = await buildModule(t, course);
    const materialId = (await buildMaterial(t, course, module.id, 'VIDEO')).id;
    const bytes = videoBytes(index);
    const file = { filename: `Rekaman ${index}.mp4`, contentType: 'video/mp4', size: bytes.length, sha256: sha256(bytes) };
    const ticket = (await t.ok(REQUEST_UPLOAD, { materialId, file }, { token })).requestMaterialUpload;
    expect(ticket).toMatchObject({ multipart: false, method: 'PUT' });
    const headers = Object.fromEntries(ticket.headers.map((h: { name: string; value: string }) => [h.name, h.value]));
    const response = await fetch(ticket.url, { method: 'PUT', headers, body: bytes });
    expect(response.status).toBe(200);
    return { materialId, uploadId: ticket.uploadId, sha256: file.sha256, size: file.size };
  }

  it('keeps answering other requests while 12 large completions verify their bytes, and completes each exactly once', async () => {
    // Sent one after the other: only one file is in the test's memory at a time.
    const sent: Sent[] = [];
    for (let index = 0; index < FILES; index += 1) sent.push(await sendVideo(index));

    // Every upload completed once, and the first two twice more at the same time, while the
    // store holds its answers: each completion is then stuck reading, for as long as the test likes.
    link.hold();
    const requests = [...sent, sent[0], sent[1]];
    const requestsBefore = link.requests();
    let settled = 0;
    const completions = requests.map((upload) =>
      t.gql(COMPLETE_UPLOAD, { materialId: upload.materialId, uploadId: upload.uploadId }, { token }).finally(() => {
        settled += 1;
      }),
    );
    // Every completion has asked the store (at least its stat) and waits for it.
    while (link.requests() - requestsBefore < requests.length) await new Promise((resolve) => setTimeout(resolve, 20));

    // (1) Meanwhile no connection of the app's database is inside a transaction (holding one
    //     across the read, as before, left a pool's worth of them open and locking rows), and
    //     other requests answer: the completions hold none of the pooled connections.
    const openTransactions = await countRows(
      t.databaseUrl,
      `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
    );
    expect(openTransactions).toBe(0);
    for (let round = 0; round < 3; round += 1) {
      const [me, courses] = await Promise.all([t.gql(ME, {}, { token }), t.gql(COURSES, {}, { token })]);
      expect(me.errors).toBeUndefined();
      expect(me.data).toEqual({ me: { id: instructor.id } });
      expect(courses.errors).toBeUndefined();
      expect((courses.data as { courses: { totalCount: number } }).courses.totalCount).toBeGreaterThanOrEqual(FILES);
    }
    expect(settled).toBe(0);

    link.resume();
    const results = await Promise.all(completions);

    // (2) Each upload became exactly one version; of the two completions of the same upload
    //     that ran at once, one completed it and the other was refused with CONFLICT.
    const byUpload = new Map<string, GraphQLResponse<any>[]>();
    requests.forEach((upload, index) => byUpload.set(upload.uploadId, [...(byUpload.get(upload.uploadId) ?? []), results[index]]));
    for (const upload of sent) {
      const answers = byUpload.get(upload.uploadId)!;
      const completed = answers.filter((answer) => !answer.errors);
      expect(completed).toHaveLength(1);
      expect(completed[0].data.completeMaterialUpload.currentVersion).toEqual({ version: 1, size: upload.size, sha256: upload.sha256 });
      for (const refused of answers.filter((answer) => answer.errors)) {
        expect(errorCode(refused)).toBe('CONFLICT');
        expect(refused.data).toBeNull();
      }
    }
    expect(byUpload.get(sent[0].uploadId)).toHaveLength(2);
    expect(byUpload.get(sent[1].uploadId)).toHaveLength(2);

    const materialIds = sent.map((upload) => upload.materialId);
    const versions = await selectRows<{ material_id: string; version: number; sha256: string }>(
      t.databaseUrl,
      'SELECT material_id, version, sha256 FROM material_versions WHERE material_id = ANY($1) ORDER BY material_id',
      [materialIds],
    );
    expect(versions).toHaveLength(FILES);
    expect(new Set(versions.map((version) => version.material_id)).size).toBe(FILES);
    for (const version of versions) {
      expect(version).toEqual({
        material_id: version.material_id,
        version: 1,
        sha256: sent.find((upload) => upload.materialId === version.material_id)!.sha256,
      });
    }
    const uploadIds = sent.map((upload) => upload.uploadId);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM uploads WHERE id = ANY($1) AND status = 'COMPLETED'`, [uploadIds])).toBe(FILES);
    expect(
      await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = ANY($1)', [sent.map((upload) => upload.sha256)]),
    ).toBe(FILES);
    // Each material's current version is its one version, and the file comes back whole.
    const current = await countRows(
      t.databaseUrl,
      `SELECT count(*) FROM materials m JOIN material_versions v ON v.id = m.current_version_id WHERE m.id = ANY($1)`,
      [materialIds],
    );
    expect(current).toBe(FILES);
  }, 240_000);
});
