import { randomBytes } from 'node:crypto';
import { JOBS } from '../../src/jobs/job-names';
import { MinioStorage } from '../../src/storage/minio.storage';
import { buildAssignmentMaterial, setAssignment, submitWork, uploadFeedbackFile, uploadWorkFile } from '../builders/assignment';
import { buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { runStorageGc } from '../support/storage-gc';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';
import { sha256 } from '../support/sample-files';

type Kind = Parameters<typeof buildMaterial>[3];
const pdf = () => Buffer.from(`%PDF-1.4\n% Bahan ajar ${randomBytes(8).toString('hex')}\n%%EOF\n`, 'latin1');

const REQUEST = `mutation ($materialId: ID!, $file: FileInput!) {
  requestMaterialUpload(materialId: $materialId, file: $file) { uploadId url parts { partNumber url } }
}`;
const COMPLETE = `mutation ($materialId: ID!, $uploadId: ID!) { completeMaterialUpload(materialId: $materialId, uploadId: $uploadId) { id } }`;

describe('storage cleanup (npm run storage:gc and the hourly job)', () => {
  let t: TestApp;
  let instructor: BuiltUser;
  let token: string;
  let organizationId: string;
  const storage = new MinioStorage(testStorageEndpoint());

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    organizationId = (await buildOrganization(t)).id;
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId });
    token = await instructor.token();
  });
  afterAll(() => t.stop());

  async function material(kind: Kind = 'DOCUMENT'): Promise<string> {
    const course = await buildCourse(t, { author: instructor });
    const module = await buildModule(t, course);
    return (await buildMaterial(t, course, module.id, kind)).id;
  }
  const exists = async (key: string) => (await storage.statObject(key)) !== undefined;
  const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (client) => client.query(text, params));

  async function uploadAndComplete(materialId: string, bytes: Buffer) {
    const file = { filename: 'bahan.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) };
    const ticket = (await t.ok(REQUEST, { materialId, file }, { token })).requestMaterialUpload;
    expect((await fetch(ticket.url, { method: 'PUT', body: bytes })).status).toBe(200);
    await t.ok(COMPLETE, { materialId, uploadId: ticket.uploadId }, { token });
  }

  const storageGc = (graceSeconds: number) => runStorageGc(t.databaseUrl, graceSeconds);

  it('removes stale uploads and unreferenced blobs, keeps what is live, and can run twice', async () => {
    // Live: a completed version whose blob is old.
    const kept = await material();
    const keptBytes = pdf();
    await uploadAndComplete(kept, keptBytes);

    // Orphaned: a version whose material was removed (the versions went with it).
    const removed = await material();
    const orphanBytes = pdf();
    await uploadAndComplete(removed, orphanBytes);
    await sql('DELETE FROM materials WHERE id = $1', [removed]);

    // Stale: bytes sent, never completed, ticket long expired. Fresh: still within its time.
    const staleBytes = pdf();
    const stale = (await t.ok(REQUEST, { materialId: kept, file: { filename: 'a.pdf', contentType: 'application/pdf', size: staleBytes.length, sha256: sha256(staleBytes) } }, { token })).requestMaterialUpload;
    expect((await fetch(stale.url, { method: 'PUT', body: staleBytes })).status).toBe(200);
    const freshBytes = pdf();
    const fresh = (await t.ok(REQUEST, { materialId: kept, file: { filename: 'b.pdf', contentType: 'application/pdf', size: freshBytes.length, sha256: sha256(freshBytes) } }, { token })).requestMaterialUpload;
    expect((await fetch(fresh.url, { method: 'PUT', body: freshBytes })).status).toBe(200);

    // Stale multipart: the multipart upload must be aborted at the store.
    const video = await material('VIDEO');
    const multipart: { uploadId: string } = (
      await t.ok(REQUEST, { materialId: video, file: { filename: 'v.mp4', contentType: 'video/mp4', size: 70 * 1024 * 1024, sha256: 'c'.repeat(64) } }, { token })
    ).requestMaterialUpload;

    const [multipartAtStore] = await selectRows<{ object_key: string; multipart_upload_id: string }>(
      t.databaseUrl,
      'SELECT object_key, multipart_upload_id FROM uploads WHERE id = $1',
      [multipart.uploadId],
    );
    expect(await storage.listParts(multipartAtStore!.object_key, multipartAtStore!.multipart_upload_id)).toEqual([]);

    // Ages rows: waiting a day is not a test.
    await sql(`UPDATE uploads SET expires_at = now() - interval '2 days' WHERE id = ANY($1::uuid[])`, [
      [stale.uploadId, multipart.uploadId],
    ]);
    await sql(`UPDATE stored_blobs SET created_at = now() - interval '2 days' WHERE sha256 = ANY($1::text[])`, [
      [sha256(keptBytes), sha256(orphanBytes)],
    ]);

    const first = await storageGc(24 * 3600);
    expect(first).toEqual({ uploads: 2, versions: 0, submissionFiles: 0, blobs: 1 });
    expect(await exists(`uploads/${stale.uploadId}`)).toBe(false);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM uploads WHERE id = $1', [stale.uploadId])).toBe(0);
    expect(await exists(`blobs/${sha256(orphanBytes)}`)).toBe(false);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(orphanBytes)])).toBe(0);
    const [row] = await selectRows(t.databaseUrl, 'SELECT 1 FROM uploads WHERE id = $1', [multipart.uploadId]);
    expect(row).toBeUndefined();
    // The store no longer holds the parts either: the multipart upload was aborted there.
    expect(await storage.listParts(multipartAtStore!.object_key, multipartAtStore!.multipart_upload_id)).toBeUndefined();

    expect(await exists(`blobs/${sha256(keptBytes)}`)).toBe(true);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(keptBytes)])).toBe(1);
    expect(await exists(`uploads/${fresh.uploadId}`)).toBe(true);
    expect(await selectRows(t.databaseUrl, 'SELECT status FROM uploads WHERE id = $1', [fresh.uploadId])).toEqual([{ status: 'PENDING' }]);

    // Again: nothing left to do, nothing live touched.
    expect(await storageGc(24 * 3600)).toEqual({ uploads: 0, versions: 0, submissionFiles: 0, blobs: 0 });
    expect(await exists(`blobs/${sha256(keptBytes)}`)).toBe(true);
    // The fresh upload can still be completed.
    await t.ok(COMPLETE, { materialId: kept, uploadId: fresh.uploadId }, { token });
  }, 60_000);

  it('keeps a blob that a version references, however old', async () => {
    const materialId = await material();
    const bytes = pdf();
    await uploadAndComplete(materialId, bytes);
    await sql(`UPDATE stored_blobs SET created_at = now() - interval '30 days' WHERE sha256 = $1`, [sha256(bytes)]);
    await storageGc(0);
    expect(await exists(`blobs/${sha256(bytes)}`)).toBe(true);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(bytes)])).toBe(1);
  });

  it('removes a replaced version (and its file) once the newer one has served for the grace period', async () => {
    const materialId = await material();
    const [first, second, third] = [pdf(), pdf(), pdf()];
    for (const bytes of [first, second, third]) await uploadAndComplete(materialId, bytes);
    // The second replacement is recent: version 2 must stay for learners mid-download.
    await sql(`UPDATE material_versions SET created_at = now() - interval '2 days' WHERE sha256 = $1`, [sha256(second)]);
    await sql(`UPDATE stored_blobs SET created_at = now() - interval '2 days' WHERE sha256 = ANY($1::text[])`, [
      [sha256(first), sha256(second), sha256(third)],
    ]);

    expect(await storageGc(24 * 3600)).toMatchObject({ versions: 1, blobs: 1 });
    const versions = await selectRows<{ version: number }>(
      t.databaseUrl,
      'SELECT version FROM material_versions WHERE material_id = $1 ORDER BY version',
      [materialId],
    );
    expect(versions.map((v) => v.version)).toEqual([2, 3]);
    expect(await exists(`blobs/${sha256(first)}`)).toBe(false);
    expect(await exists(`blobs/${sha256(second)}`)).toBe(true);
    const { material: current } = await t.ok(`query ($id: ID!) { material(id: $id) { currentVersion { version } } }`, { id: materialId }, { token });
    expect(current.currentVersion.version).toBe(3);
    expect(await storageGc(24 * 3600)).toMatchObject({ versions: 0, blobs: 0 });
  });

  it('keeps the files of handed-in work however old, and removes files nobody used', async () => {
    const course = await buildCourse(t, { author: instructor });
    const module = await buildModule(t, course);
    const assignment = await buildAssignmentMaterial(t, course, module.id);
    await setAssignment(t, course, assignment.id);
    await publishCourse(t, course);
    const learner = await buildUser(t);
    await enrolLearner(t, learner, course);
    const learnerToken = { token: await learner.token() };

    const handedIn = await submitWork(t, learner, assignment.id);
    const abandoned = await uploadWorkFile(t, learnerToken, assignment.id);
    const recent = await uploadWorkFile(t, learnerToken, assignment.id);
    const unusedFeedback = await uploadFeedbackFile(t, { token }, handedIn.id);
    const aged = [handedIn.files[0], abandoned, unusedFeedback];
    await sql(`UPDATE submission_files SET created_at = now() - interval '30 days' WHERE id = ANY($1::uuid[])`, [aged.map((file) => file.id)]);
    await sql(`UPDATE stored_blobs SET created_at = now() - interval '30 days' WHERE sha256 = ANY($1::text[])`, [
      [...aged, recent].map((file) => file.sha256),
    ]);

    expect(await storageGc(24 * 3600)).toMatchObject({ submissionFiles: 2, blobs: 2 });
    const left = await selectRows<{ id: string }>(t.databaseUrl, 'SELECT id FROM submission_files WHERE assignment_material_id = $1', [assignment.id]);
    expect(left.map((row) => row.id).sort()).toEqual([handedIn.files[0].id, recent.id].sort());
    expect(await exists(`blobs/${handedIn.files[0].sha256}`)).toBe(true);
    expect(await exists(`blobs/${recent.sha256}`)).toBe(true);
    expect(await exists(`blobs/${abandoned.sha256}`)).toBe(false);
    expect(await exists(`blobs/${unusedFeedback.sha256}`)).toBe(false);
    const download = await fetch(handedIn.files[0].downloadUrl!);
    expect(download.status).toBe(200);
    expect(await storageGc(24 * 3600)).toMatchObject({ submissionFiles: 0, blobs: 0 });
  });

  it('schedules the cleanup hourly on the job queue', async () => {
    const schedules = await selectRows(t.databaseUrl, 'SELECT name, cron FROM pgboss.schedule');
    expect(schedules).toContainEqual({ name: JOBS.collectStorageGarbage, cron: '41 * * * *' });
  });
});
