import { randomBytes } from 'node:crypto';
import { MinioStorage } from '../../src/storage/minio.storage';
import { buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { countRows, selectRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';
import { mp4Bytes, pdfBytes, pngBytes, sha256 } from '../support/sample-files';

const REQUEST = `mutation ($materialId: ID!, $file: FileInput!) {
  requestMaterialUpload(materialId: $materialId, file: $file) {
    uploadId url method headers { name value } expiresAt multipart partSize partCount parts { partNumber url }
  }
}`;
const COMPLETE = `mutation ($materialId: ID!, $uploadId: ID!) {
  completeMaterialUpload(materialId: $materialId, uploadId: $uploadId) {
    id
    currentVersion { id version filename contentType size sha256 }
    versions { version sha256 }
    downloadUrl
  }
}`;

const MiB = 1024 * 1024;
type Kind = Parameters<typeof buildMaterial>[3];
const fileOf = (bytes: Buffer, filename: string, contentType: string) => ({
  filename,
  contentType,
  size: bytes.length,
  sha256: sha256(bytes),
});

describe('material uploads through presigned URLs', () => {
  let t: TestApp;
  let instructor: BuiltUser;
  let token: string;
  let organizationId: string;
  const storage = new MinioStorage(testStorageEndpoint());

  beforeAll(async () => {
    t = await startTestApp();
    organizationId = (await buildOrganization(t)).id;
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId });
    token = await instructor.token();
  });
  afterAll(() => t.stop());

  /** A material in a new course of the instructor's organization (published on request). */
  async function material(kind: Kind = 'DOCUMENT', status: 'DRAFT' | 'PUBLISHED' = 'DRAFT'): Promise<string> {
    const course = await buildCourse(t, { author: instructor });
    const module = await buildModule(t, course);
    const built = await buildMaterial(t, course, module.id, kind);
    if (status === 'PUBLISHED') await publishCourse(t, course);
    return built.id;
  }
  const request = (materialId: string, file: object, as = token) => t.gql(REQUEST, { materialId, file }, { token: as });
  const complete = (materialId: string, uploadId: string, as = token) => t.gql(COMPLETE, { materialId, uploadId }, { token: as });
  const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', body });
  const exists = async (key: string) => (await storage.statObject(key)) !== undefined;
  const uploadRow = async (uploadId: string) =>
    (await selectRows<{ status: string; failure_reason: string | null; object_key: string }>(
      t.databaseUrl,
      'SELECT status, failure_reason, object_key FROM uploads WHERE id = $1',
      [uploadId],
    ))[0];

  /** Request, PUT the bytes as a client would (straight to storage), complete. */
  async function upload(materialId: string, bytes: Buffer, filename: string, contentType: string, as = token) {
    const ticket = (await t.ok(REQUEST, { materialId, file: fileOf(bytes, filename, contentType) }, { token: as }))
      .requestMaterialUpload;
    expect((await put(ticket.url, bytes)).status).toBe(200);
    return { ticket, result: await complete(materialId, ticket.uploadId, as) };
  }

  const expectBadInput = (result: any, field: string, message: RegExp) => {
    expect(result.data).toBeNull();
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0].extensions.fields).toEqual([{ field, message: expect.stringMatching(message) }]);
  };

  it('uploads a PDF, makes it the current version, and serves it back whole, by range and with its filename', async () => {
    const materialId = await material('DOCUMENT');
    const bytes = pdfBytes();
    const ticket = (await t.ok(REQUEST, { materialId, file: fileOf(bytes, 'Modul 1 — Pelayanan Publik.pdf', 'application/pdf') }, { token }))
      .requestMaterialUpload;
    expect(ticket).toMatchObject({ method: 'PUT', multipart: false, parts: [], partSize: null });
    expect(ticket.url).toContain(`uploads/${ticket.uploadId}`);
    expect(ticket.url).not.toContain('Modul');
    expect(new Date(ticket.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    expect((await put(ticket.url, bytes)).status).toBe(200);
    const completed = (await t.ok(COMPLETE, { materialId, uploadId: ticket.uploadId }, { token })).completeMaterialUpload;
    expect(completed.currentVersion).toEqual({
      id: expect.any(String),
      version: 1,
      filename: 'Modul 1 — Pelayanan Publik.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
    });
    expect(completed.versions).toEqual([{ version: 1, sha256: sha256(bytes) }]);
    expect(await uploadRow(ticket.uploadId)).toMatchObject({ status: 'COMPLETED' });
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
    expect(await exists(`blobs/${sha256(bytes)}`)).toBe(true);

    const whole = await fetch(completed.downloadUrl);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    expect(whole.headers.get('content-disposition')).toContain("filename*=UTF-8''Modul%201%20%E2%80%94%20Pelayanan%20Publik.pdf");

    const range = await fetch(completed.downloadUrl, { headers: { range: 'bytes=100-1099' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);

    // A new file makes version 2; version 1 is kept.
    const second = pdfBytes(`Revisi kedua ${randomBytes(6).toString('hex')}`);
    const { result } = await upload(materialId, second, 'Modul 1 (revisi).pdf', 'application/pdf');
    expect(result.errors).toBeUndefined();
    expect(result.data.completeMaterialUpload.currentVersion).toMatchObject({ version: 2, sha256: sha256(second) });
    expect(result.data.completeMaterialUpload.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(await exists(`blobs/${sha256(bytes)}`)).toBe(true);
  });

  it('refuses a checksum mismatch and leaves no object behind', async () => {
    const materialId = await material('DOCUMENT');
    const bytes = pdfBytes();
    const declared = { ...fileOf(bytes, 'modul.pdf', 'application/pdf'), sha256: sha256(Buffer.from('lain')) };
    const ticket = (await t.ok(REQUEST, { materialId, file: declared }, { token })).requestMaterialUpload;
    expect((await put(ticket.url, bytes)).status).toBe(200);
    const blobsBefore = await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs');

    const result = await complete(materialId, ticket.uploadId);
    expectBadInput(result, 'file.sha256', /checksum mismatch/);
    expect(result.errors![0].extensions!.check).toBe('checksum');
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
    expect(await exists(`blobs/${sha256(bytes)}`)).toBe(false);
    expect(await exists(`blobs/${declared.sha256}`)).toBe(false);
    expect(await uploadRow(ticket.uploadId)).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/checksum/) });
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs')).toBe(blobsBefore);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM material_versions WHERE material_id = $1', [materialId])).toBe(0);

    // The failed upload stays failed.
    expect((await complete(materialId, ticket.uploadId)).errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('refuses bytes whose real type is not the declared one, and deletes them', async () => {
    const materialId = await material('DOCUMENT');
    const bytes = pngBytes();
    const { ticket, result } = await upload(materialId, bytes, 'bukan-pdf.pdf', 'application/pdf');
    expectBadInput(result, 'file.contentType', /type mismatch: the bytes are image\/png/);
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
    expect(await uploadRow(ticket.uploadId)).toMatchObject({ status: 'FAILED' });
  });

  it('refuses bytes of another size than declared, and deletes them', async () => {
    const materialId = await material('DOCUMENT');
    const bytes = pdfBytes();
    const ticket = (await t.ok(REQUEST, { materialId, file: fileOf(bytes, 'modul.pdf', 'application/pdf') }, { token }))
      .requestMaterialUpload;
    expect((await put(ticket.url, bytes.subarray(0, 1000))).status).toBe(200);
    expectBadInput(await complete(materialId, ticket.uploadId), 'file.size', /size mismatch/);
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
  });

  it('answers that no bytes arrived when completing before the PUT, and the ticket stays usable', async () => {
    const materialId = await material('IMAGE');
    const bytes = pngBytes();
    const ticket = (await t.ok(REQUEST, { materialId, file: fileOf(bytes, 'poster.png', 'image/png') }, { token }))
      .requestMaterialUpload;
    expectBadInput(await complete(materialId, ticket.uploadId), 'uploadId', /no bytes were uploaded/);
    expect((await put(ticket.url, bytes)).status).toBe(200);
    const done = await complete(materialId, ticket.uploadId);
    expect(done.errors).toBeUndefined();
    expect(done.data.completeMaterialUpload.currentVersion.contentType).toBe('image/png');
  });

  it('refuses files over the kind limit, types the kind does not take, kinds without files and bad checksums', async () => {
    const image = await material('IMAGE');
    const video = await material('VIDEO');
    const text = await material('TEXT');
    const file = { filename: 'foto.png', contentType: 'image/png', size: 20 * MiB + 1, sha256: 'a'.repeat(64) };
    expectBadInput(await request(image, file), 'file.size', /20 MiB/);
    expectBadInput(await request(video, { ...file, filename: 'video.avi', contentType: 'video/x-msvideo', size: 1000 }), 'file.contentType', /video\/mp4/);
    expectBadInput(await request(text, { ...file, contentType: 'text/markdown', size: 10 }), 'file.contentType', /takes no file/);
    const badSha = await request(image, { ...file, size: 100, sha256: 'xyz' });
    expect(badSha.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(badSha.errors![0].extensions!.fields).toEqual([{ field: 'file.sha256', message: expect.stringMatching(/64 hexadecimal/) }]);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM uploads WHERE purpose = 'material-version' AND target_id IN ($1, $2, $3)`, [image, video, text])).toBe(0);
  });

  it('refuses learners, instructors of other organizations, and courses past draft', async () => {
    const materialId = await material('DOCUMENT');
    const file = fileOf(pdfBytes(), 'modul.pdf', 'application/pdf');
    const learner = await buildUser(t, { roles: ['LEARNER'], organizationId });
    expect((await request(materialId, file, await learner.token())).errors![0].extensions!.code).toBe('FORBIDDEN');
    const stranger = await buildUser(t, { roles: ['INSTRUCTOR'] });
    expect((await request(materialId, file, await stranger.token())).errors![0].extensions!.code).toBe('FORBIDDEN');
    const published = await material('DOCUMENT', 'PUBLISHED');
    // Its file was uploaded before review (a course goes to review only with its files): the refusal adds no row to that one.
    const uploadsOf = (id: string) => countRows(t.databaseUrl, `SELECT count(*) FROM uploads WHERE purpose = 'material-version' AND target_id = $1`, [id]);
    const beforeRefusal = await uploadsOf(published);
    expect((await request(published, file)).errors![0].extensions!.code).toBe('CONFLICT');
    expect(await uploadsOf(materialId)).toBe(0);
    expect(await uploadsOf(published)).toBe(beforeRefusal);
  });

  it("refuses completing someone else's upload, completing twice, and completing after the ticket expired", async () => {
    const materialId = await material('DOCUMENT');
    const bytes = pdfBytes();
    const ticket = (await t.ok(REQUEST, { materialId, file: fileOf(bytes, 'modul.pdf', 'application/pdf') }, { token }))
      .requestMaterialUpload;
    expect((await put(ticket.url, bytes)).status).toBe(200);

    const colleague = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId });
    expect((await complete(materialId, ticket.uploadId, await colleague.token())).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await uploadRow(ticket.uploadId)).toMatchObject({ status: 'PENDING' });

    expect((await complete(materialId, ticket.uploadId)).errors).toBeUndefined();
    const twice = await complete(materialId, ticket.uploadId);
    expect(twice.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM material_versions WHERE material_id = $1', [materialId])).toBe(1);

    const lateBytes = pdfBytes();
    const late = (await t.ok(REQUEST, { materialId, file: fileOf(lateBytes, 'telat.pdf', 'application/pdf') }, { token }))
      .requestMaterialUpload;
    expect((await put(late.url, lateBytes)).status).toBe(200);
    // Ages the row: waiting out the deadline is not a test.
    await withClient(t.databaseUrl, (client) =>
      client.query(`UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = $1`, [late.uploadId]),
    );
    expectBadInput(await complete(materialId, late.uploadId), 'uploadId', /expired/);
    expect(await uploadRow(late.uploadId)).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/expired/) });
    expect(await exists(`uploads/${late.uploadId}`)).toBe(false);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM material_versions WHERE material_id = $1', [materialId])).toBe(1);
  });

  it('stores identical files of two materials once', async () => {
    const first = await material('SLIDES');
    const second = await material('SLIDES');
    const bytes = pdfBytes(`Salindia ${randomBytes(4).toString('hex')}`);
    const a = await upload(first, bytes, 'salindia.pdf', 'application/pdf');
    const b = await upload(second, bytes, 'salindia-salinan.pdf', 'application/pdf');
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    const rows = await selectRows<{ blob_id: string }>(
      t.databaseUrl,
      'SELECT blob_id FROM material_versions WHERE material_id IN ($1, $2)',
      [first, second],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].blob_id).toBe(rows[1].blob_id);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(bytes)])).toBe(1);
    expect(await exists(`uploads/${a.ticket.uploadId}`)).toBe(false);
    expect(await exists(`uploads/${b.ticket.uploadId}`)).toBe(false);
    // Each download still carries its own material's filename.
    const download = await fetch(b.result.data.completeMaterialUpload.downloadUrl);
    expect(download.headers.get('content-disposition')).toContain('salindia-salinan.pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('sends a 70 MiB video in parts, resumes with only the missing parts, and serves it back', async () => {
    const materialId = await material('VIDEO');
    const bytes = mp4Bytes(70 * MiB);
    const file = fileOf(bytes, 'Rekaman Kelas 1.mp4', 'video/mp4');
    const first = (await t.ok(REQUEST, { materialId, file }, { token })).requestMaterialUpload;
    expect(first).toMatchObject({ multipart: true, url: null, partSize: 16 * MiB, partCount: 5 });
    expect(first.parts.map((p: any) => p.partNumber)).toEqual([1, 2, 3, 4, 5]);
    const slice = (n: number) => bytes.subarray((n - 1) * first.partSize, n * first.partSize);
    for (const part of first.parts.slice(0, 2)) expect((await put(part.url, slice(part.partNumber))).status).toBe(200);

    // Completing now names what is missing and keeps the upload resumable.
    expectBadInput(await complete(materialId, first.uploadId), 'uploadId', /parts 3, 4, 5 of 5/);

    const resumed = (await t.ok(REQUEST, { materialId, file }, { token })).requestMaterialUpload;
    expect(resumed.uploadId).toBe(first.uploadId);
    expect(resumed.parts.map((p: any) => p.partNumber)).toEqual([3, 4, 5]);
    for (const part of resumed.parts) expect((await put(part.url, slice(part.partNumber))).status).toBe(200);

    const done = await complete(materialId, first.uploadId);
    expect(done.errors).toBeUndefined();
    const version = done.data.completeMaterialUpload.currentVersion;
    expect(version).toMatchObject({ contentType: 'video/mp4', size: bytes.length, sha256: sha256(bytes) });
    const download = await fetch(done.data.completeMaterialUpload.downloadUrl);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(bytes));
    const seek = await fetch(done.data.completeMaterialUpload.downloadUrl, { headers: { range: `bytes=${40 * MiB}-${40 * MiB + 9999}` } });
    expect(seek.status).toBe(206);
    expect(Buffer.from(await seek.arrayBuffer()).equals(bytes.subarray(40 * MiB, 40 * MiB + 10000))).toBe(true);
    expect(await exists(`uploads/${first.uploadId}`)).toBe(false);
  }, 120_000);

  it('aborts a multipart upload whose parts do not add up to the declared size', async () => {
    const materialId = await material('VIDEO');
    const bytes = mp4Bytes(65 * MiB);
    const ticket = (await t.ok(REQUEST, { materialId, file: fileOf(bytes, 'rekaman.mp4', 'video/mp4') }, { token })).requestMaterialUpload;
    expect(ticket.parts).toHaveLength(5);
    for (const part of ticket.parts) {
      const body = part.partNumber === 5 ? Buffer.from('pendek') : bytes.subarray((part.partNumber - 1) * ticket.partSize, part.partNumber * ticket.partSize);
      expect((await put(part.url, body)).status).toBe(200);
    }
    expectBadInput(await complete(materialId, ticket.uploadId), 'file.size', /size mismatch/);
    expect(await exists(`uploads/${ticket.uploadId}`)).toBe(false);
    expect(await uploadRow(ticket.uploadId)).toMatchObject({ status: 'FAILED' });
  }, 60_000);
});
