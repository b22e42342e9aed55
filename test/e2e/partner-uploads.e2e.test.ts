import { buildOrganization } from '../builders/identity';
import { pdfBytes, sha256 } from '../support/sample-files';
import { startTestApp, type TestApp } from '../support/test-app';
import { COMPLETE_UPLOAD, REQUEST_UPLOAD, uploadFile } from '../support/uploads';

/** Partner universities and NGOs author from their own systems, with an API key instead of a login. */
describe('a partner system authoring a course with its API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  const createKey = async (organizationId: string) =>
    (
      await t.ok(
        `mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Sistem Informasi Akademik") { secret } }`,
        { o: organizationId },
        { token: await t.adminToken() },
      )
    ).createApiKey.secret as string;

  it('creates a course, uploads a file only it may complete, and sees the version', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY', name: `Universitas Sibolga ${Date.now()}` });
    const apiKey = await createKey(university.id);
    const otherKey = await createKey(university.id);

    const { createCourse: course } = await t.ok(
      `mutation { createCourse(input: { code: "MPE-${Date.now()}", title: "Manajemen Pemerintahan yang Efektif", competency: MANAJERIAL, deliveryMode: BLENDED, jp: 6 }) { id organization { id } } }`,
      {},
      { apiKey },
    );
    expect(course.organization.id).toBe(university.id);
    const { addModule: module } = await t.ok(`mutation ($c: ID!) { addModule(courseId: $c, input: { title: "Tata Kelola" }) { id } }`, { c: course.id }, { apiKey });
    const { addMaterial: material } = await t.ok(
      `mutation ($m: ID!) { addMaterial(moduleId: $m, input: { title: "Makalah Seminar", kind: DOCUMENT }) { id } }`,
      { m: module.id },
      { apiKey },
    );

    // Another key of the same partner did not ask for this upload, so it cannot complete it.
    const bytes = pdfBytes('Makalah tata kelola pemerintahan daerah');
    const file = { filename: 'makalah.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) };
    const ticket = (await t.ok(REQUEST_UPLOAD, { materialId: material.id, file }, { apiKey })).requestMaterialUpload;
    expect((await fetch(ticket.url, { method: 'PUT', body: bytes })).status).toBe(200);
    const foreign = await t.gql(COMPLETE_UPLOAD, { materialId: material.id, uploadId: ticket.uploadId }, { apiKey: otherKey });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const completed = (await t.ok(COMPLETE_UPLOAD, { materialId: material.id, uploadId: ticket.uploadId }, { apiKey })).completeMaterialUpload;
    expect(completed).toMatchObject({ status: 'READY', currentVersion: { version: 1, sha256: sha256(bytes) } });

    const again = await uploadFile(t, { apiKey }, material.id, pdfBytes('Makalah revisi'), 'makalah-revisi.pdf', 'application/pdf');
    expect(again.material.currentVersion).toMatchObject({ version: 2 });
  });
});
