import { MinioStorage } from '../../src/storage/minio.storage';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse, type BuiltCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { countRows, selectRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { pdfBytes, pngBytes, sha256 } from '../support/sample-files';
import { runStorageGc } from '../support/storage-gc';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';
import { COMPLETE_COVER_UPLOAD, REQUEST_COVER_UPLOAD, uploadCourseCover, uploadFile } from '../support/uploads';

const MiB = 1024 * 1024;
const COVER_OF = `query ($id: ID) { course(id: $id) { id status coverImageUrl } }`;

const fileOf = (bytes: Buffer, filename: string, contentType: string) => ({
  filename,
  contentType,
  size: bytes.length,
  sha256: sha256(bytes),
});

describe('course covers through the material upload flow', () => {
  let t: TestApp;
  let instructor: BuiltUser;
  let learner: BuiltUser;
  let token: string;
  const storage = new MinioStorage(testStorageEndpoint());

  beforeAll(async () => {
    t = await startTestApp();
    const organizationId = (await buildOrganization(t)).id;
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId });
    learner = await buildUser(t, { roles: ['LEARNER'], organizationId });
    token = await authorToken(instructor);
  });
  afterAll(() => t.stop());

  const course = () => buildCourse(t, { author: instructor, title: 'Pelayanan Publik Prima', tags: ['pelayanan'] });
  const request = (courseId: string, file: object, as = token) => t.gql(REQUEST_COVER_UPLOAD, { courseId, file }, { token: as });
  const complete = (courseId: string, uploadId: string, as = token) => t.gql(COMPLETE_COVER_UPLOAD, { courseId, uploadId }, { token: as });
  const exists = async (key: string) => (await storage.statObject(key)) !== undefined;
  const download = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
  };
  const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (client) => client.query(text, params));

  const expectBadInput = (result: any, field: string, message: RegExp) => {
    expect(result.data).toBeNull();
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0].extensions.fields).toEqual([{ field, message: expect.stringMatching(message) }]);
  };
  const expectCode = (result: any, code: string) => {
    expect(result.data).toBeNull();
    expect(result.errors[0].extensions.code).toBe(code);
  };

  const storageGc = (graceSeconds: number) => runStorageGc(t.databaseUrl, graceSeconds);

  it('uploads a PNG cover, serves identical bytes, and shows it to a learner once the course is published', async () => {
    const built = await course();
    expect((await t.ok(COVER_OF, { id: built.id }, { token })).course.coverImageUrl).toBeNull();

    const bytes = pngBytes();
    const ticket = (await t.ok(REQUEST_COVER_UPLOAD, { courseId: built.id, file: fileOf(bytes, 'Sampul Pelatihan.png', 'image/png') }, { token }))
      .requestCourseCoverUpload;
    expect(ticket).toMatchObject({ method: 'PUT', multipart: false });
    expect(ticket.url).toContain(`uploads/${ticket.uploadId}`);
    expect(ticket.url).not.toContain('Sampul');
    expect(new Date(ticket.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect((await fetch(ticket.url, { method: 'PUT', body: bytes })).status).toBe(200);

    const completed = (await t.ok(COMPLETE_COVER_UPLOAD, { courseId: built.id, uploadId: ticket.uploadId }, { token })).completeCourseCoverUpload;
    expect(completed.id).toBe(built.id);
    const url = new URL(completed.coverImageUrl);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(15 * 60);
    const served = await download(completed.coverImageUrl);
    expect(served.bytes.equals(bytes)).toBe(true);
    expect(served.contentType).toBe('image/png');

    expect(await selectRows(t.databaseUrl, 'SELECT status, purpose, target_id FROM uploads WHERE id = $1', [ticket.uploadId])).toEqual([
      { status: 'COMPLETED', purpose: 'course-cover', target_id: built.id },
    ]);
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
    expect(await exists(`blobs/${sha256(bytes)}`)).toBe(true);
    // Completing twice is refused like a material's upload.
    expectCode(await complete(built.id, ticket.uploadId), 'CONFLICT');

    // A learner does not see a draft at all, so neither its cover.
    const learnerToken = await authorToken(learner);
    expect((await t.ok(COVER_OF, { id: built.id }, { token: learnerToken })).course).toBeNull();
    await publishCourse(t, built);
    const seen = (await t.ok(COVER_OF, { id: built.id }, { token: learnerToken })).course;
    expect(seen.status).toBe('PUBLISHED');
    expect((await download(seen.coverImageUrl)).bytes.equals(bytes)).toBe(true);
  });

  it('replaces the cover with a new upload and stores a cover identical to a material file once', async () => {
    const built = await course();
    await uploadCourseCover(t, { token }, built.id, pngBytes());
    const module = await buildModule(t, built);
    const image = await buildMaterial(t, built, module.id, 'IMAGE');
    const shared = pngBytes();
    await uploadFile(t, { token }, image.id, shared, 'gambar.png', 'image/png');
    const { course: replaced } = await uploadCourseCover(t, { token }, built.id, shared, 'sampul-baru.png');
    expect((await download(replaced.coverImageUrl!)).bytes.equals(shared)).toBe(true);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(shared)])).toBe(1);
    const [{ cover_blob_id }] = await selectRows<{ cover_blob_id: string }>(t.databaseUrl, 'SELECT cover_blob_id FROM courses WHERE id = $1', [built.id]);
    const [{ blob_id }] = await selectRows<{ blob_id: string }>(t.databaseUrl, 'SELECT blob_id FROM material_versions WHERE material_id = $1', [image.id]);
    expect(cover_blob_id).toBe(blob_id);
  });

  it('refuses a PDF declared as image/png after the upload and leaves no object behind', async () => {
    const built = await course();
    const bytes = pdfBytes();
    const ticket = (await t.ok(REQUEST_COVER_UPLOAD, { courseId: built.id, file: fileOf(bytes, 'sampul.png', 'image/png') }, { token }))
      .requestCourseCoverUpload;
    expect((await fetch(ticket.url, { method: 'PUT', body: bytes })).status).toBe(200);
    const result = await complete(built.id, ticket.uploadId);
    expectBadInput(result, 'file.contentType', /type mismatch: the bytes are application\/pdf, not image\/png/);
    expect(result.errors![0].extensions!.check).toBe('type');
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
    expect(await exists(`blobs/${sha256(bytes)}`)).toBe(false);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(bytes)])).toBe(0);
    expect(await selectRows(t.databaseUrl, 'SELECT status, failure_reason FROM uploads WHERE id = $1', [ticket.uploadId])).toEqual([
      { status: 'FAILED', failure_reason: expect.stringMatching(/type mismatch/) },
    ]);
    expect((await t.ok(COVER_OF, { id: built.id }, { token })).course.coverImageUrl).toBeNull();
  });

  it('refuses bytes whose SHA-256 is not the declared one and deletes them', async () => {
    const built = await course();
    const bytes = pngBytes();
    const ticket = (await t.ok(REQUEST_COVER_UPLOAD, { courseId: built.id, file: fileOf(bytes, 'sampul.png', 'image/png') }, { token }))
      .requestCourseCoverUpload;
    expect((await fetch(ticket.url, { method: 'PUT', body: pngBytes() })).status).toBe(200);
    expectBadInput(await complete(built.id, ticket.uploadId), 'file.sha256', /checksum mismatch/);
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
  });

  it('accepts only PNG, JPEG and WebP images up to 5 MiB', async () => {
    const built = await course();
    const png = (size: number, contentType = 'image/png') => ({ filename: 'sampul.png', contentType, size, sha256: 'a'.repeat(64) });
    expectBadInput(await request(built.id, png(1000, 'application/pdf')), 'file.contentType', /image\/png, image\/jpeg, image\/webp/);
    expectBadInput(await request(built.id, png(1000, 'image/svg+xml')), 'file.contentType', /image\/png/);
    expectBadInput(await request(built.id, png(5 * MiB + 1)), 'file.size', /5 MiB/);
    expect((await request(built.id, png(5 * MiB, 'image/webp'))).errors).toBeUndefined();
    expect((await request(built.id, png(1000, 'IMAGE/JPEG'))).errors).toBeUndefined();
  });

  it('lets only the course’s authors upload a cover (FORBIDDEN otherwise)', async () => {
    const built = await course();
    const bytes = pngBytes();
    const file = fileOf(bytes, 'sampul.png', 'image/png');
    expectCode(await request(built.id, file, await authorToken(learner)), 'FORBIDDEN');
    const outsider = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: (await buildOrganization(t)).id });
    expectCode(await request(built.id, file, await authorToken(outsider)), 'FORBIDDEN');

    const ticket = (await t.ok(REQUEST_COVER_UPLOAD, { courseId: built.id, file }, { token })).requestCourseCoverUpload;
    expect((await fetch(ticket.url, { method: 'PUT', body: bytes })).status).toBe(200);
    expectCode(await complete(built.id, ticket.uploadId, await authorToken(learner)), 'FORBIDDEN');
    expectCode(await complete(built.id, ticket.uploadId, await authorToken(outsider)), 'FORBIDDEN');
    // An upload for one course does not complete another's cover.
    const other = await course();
    expectCode(await complete(other.id, ticket.uploadId), 'NOT_FOUND');
    expectCode(await request('00000000-0000-4000-8000-000000000000', file), 'NOT_FOUND');
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM uploads WHERE purpose = 'course-cover' AND target_id = $1`, [built.id])).toBe(1);
    expect((await t.ok(COVER_OF, { id: built.id }, { token })).course.coverImageUrl).toBeNull();
  });

  it('changes the cover only while the course is a draft (CONFLICT otherwise)', async () => {
    const submitted = await course();
    await buildModule(t, submitted);
    const bytes = pngBytes();
    const file = fileOf(bytes, 'sampul.png', 'image/png');
    // Requested while a draft, completed after submitting for review: refused, the cover stays unset.
    const ticket = (await t.ok(REQUEST_COVER_UPLOAD, { courseId: submitted.id, file }, { token })).requestCourseCoverUpload;
    expect((await fetch(ticket.url, { method: 'PUT', body: bytes })).status).toBe(200);
    await t.ok(`mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`, { id: submitted.id }, { token });
    expectCode(await request(submitted.id, file), 'CONFLICT');
    expectCode(await complete(submitted.id, ticket.uploadId), 'CONFLICT');
    expect(await selectRows(t.databaseUrl, 'SELECT cover_blob_id FROM courses WHERE id = $1', [submitted.id])).toEqual([{ cover_blob_id: null }]);

    const published: BuiltCourse = await course();
    await publishCourse(t, published);
    expectCode(await request(published.id, file), 'CONFLICT');
  });

  it('storage cleanup keeps a blob referenced only by a cover and removes a replaced cover and stale cover uploads', async () => {
    const built = await course();
    const module = await buildModule(t, built);
    const image = await buildMaterial(t, built, module.id, 'IMAGE');
    // The same bytes as a material file and as the cover; then the material goes, the cover stays.
    const kept = pngBytes();
    await uploadFile(t, { token }, image.id, kept, 'gambar.png', 'image/png');
    await uploadCourseCover(t, { token }, built.id, kept);
    await sql('DELETE FROM materials WHERE id = $1', [image.id]);

    // A replaced cover: nothing references its blob any more.
    const other = await course();
    const replaced = pngBytes();
    await uploadCourseCover(t, { token }, other.id, replaced);
    await uploadCourseCover(t, { token }, other.id, pngBytes());

    // A cover upload whose ticket ran out long ago, bytes sent but never completed.
    const staleBytes = pngBytes();
    const stale = (await t.ok(REQUEST_COVER_UPLOAD, { courseId: built.id, file: fileOf(staleBytes, 'a.png', 'image/png') }, { token }))
      .requestCourseCoverUpload;
    expect((await fetch(stale.url, { method: 'PUT', body: staleBytes })).status).toBe(200);

    // Ages rows: waiting a day is not a test.
    await sql(`UPDATE uploads SET expires_at = now() - interval '2 days' WHERE id = $1`, [stale.uploadId]);
    await sql(`UPDATE stored_blobs SET created_at = now() - interval '30 days' WHERE sha256 = ANY($1::text[])`, [[sha256(kept), sha256(replaced)]]);

    expect(await storageGc(24 * 3600)).toEqual({ uploads: 1, versions: 0, submissionFiles: 0, blobs: 1 });
    expect(await exists(`blobs/${sha256(kept)}`)).toBe(true);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(kept)])).toBe(1);
    expect(await exists(`blobs/${sha256(replaced)}`)).toBe(false);
    expect(await exists(`uploads/${stale.uploadId}`)).toBe(false);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM uploads WHERE id = $1', [stale.uploadId])).toBe(0);

    // Again: nothing to do, and the cover still downloads.
    expect(await storageGc(24 * 3600)).toEqual({ uploads: 0, versions: 0, submissionFiles: 0, blobs: 0 });
    const { course: seen } = await t.ok(COVER_OF, { id: built.id }, { token });
    expect((await download(seen.coverImageUrl)).bytes.equals(kept)).toBe(true);
  }, 60_000);
});
