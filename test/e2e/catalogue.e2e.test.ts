import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { countRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const COURSE = `query ($id: ID, $code: String) {
  course(id: $id, code: $code) {
    id code title status reviewNote jp competency deliveryMode tags
    organization { id } instructors { id }
    modules { id position title prerequisite { id } materials { id position title kind status body url } }
  }
}`;
const SEARCH = `query ($filter: CourseFilter) { courses(filter: $filter, first: 50) { totalCount edges { node { id title status } } } }`;

describe('course catalogue', () => {
  let t: TestApp;
  let learner: BuiltUser;
  beforeAll(async () => {
    t = await startTestApp();
    learner = await buildUser(t);
  });
  afterAll(() => t.stop());

  const asAuthor = async (course: BuiltCourse) => ({ token: await authorToken(course.author) });
  const asAdmin = async () => ({ token: await t.adminToken() });
  const asLearner = async () => ({ token: await authorToken(learner) });
  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

  it('lets an instructor build a course of ordered modules and materials of every kind', async () => {
    const course = await buildCourse(t, { title: 'Pelayanan Publik Prima', tags: ['Pelayanan', 'standar'] });
    expect(course.status).toBe('DRAFT');
    const first = await buildModule(t, course, { title: 'Konsep Pelayanan Publik' });
    const second = await buildModule(t, course, { title: 'Standar Pelayanan' });
    expect([first.position, second.position]).toEqual([1, 2]);
    for (const kind of ['TEXT', 'LINK', 'VIDEO', 'DOCUMENT'] as const) await buildMaterial(t, course, first.id, kind);
    for (const kind of ['SLIDES', 'AUDIO', 'IMAGE'] as const) await buildMaterial(t, course, second.id, kind);

    const { course: read } = await t.ok(COURSE, { id: course.id }, await asAuthor(course));
    expect(read.instructors.map((i: { id: string }) => i.id)).toEqual([course.author.id]);
    expect(read.tags).toEqual(['pelayanan', 'standar']);
    expect(read.modules.map((m: any) => m.title)).toEqual(['Konsep Pelayanan Publik', 'Standar Pelayanan']);
    const [m1, m2] = read.modules;
    expect(m1.materials.map((m: any) => [m.position, m.kind, m.status])).toEqual([
      [1, 'TEXT', 'READY'],
      [2, 'LINK', 'READY'],
      [3, 'VIDEO', 'AWAITING_UPLOAD'],
      [4, 'DOCUMENT', 'AWAITING_UPLOAD'],
    ]);
    expect(m2.materials.map((m: any) => m.kind)).toEqual(['SLIDES', 'AUDIO', 'IMAGE']);
    expect(m1.materials[0].body).toContain('Standar Pelayanan');
  });

  it('answers a module\'s materials (read as lean rows) exactly as the material itself (an entity)', async () => {
    // The lists of a course page skip MikroORM's entity factory: every field must come out the same.
    const course = await buildCourse(t);
    const module = await buildModule(t, course, { title: 'Modul Waktu' });
    for (const kind of ['TEXT', 'LINK', 'VIDEO'] as const) await buildMaterial(t, course, module.id, kind);
    const fields = 'id createdAt updatedAt position title kind required estimatedMinutes body url status';
    const listed = await t.ok(`query ($id: ID) { course(id: $id) { modules { id createdAt updatedAt title prerequisite { id } materials { ${fields} } } } }`, { id: course.id }, await asAuthor(course));
    const [listedModule] = listed.course.modules;
    expect(listedModule.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(listedModule.materials).toHaveLength(3);
    for (const material of listedModule.materials) {
      const alone = await t.ok(`query ($id: ID!) { material(id: $id) { ${fields} module { id createdAt updatedAt title } } }`, { id: material.id }, await asAuthor(course));
      const { module: parent, ...fieldsAlone } = alone.material;
      expect(material).toEqual(fieldsAlone);
      expect(parent).toEqual({ id: listedModule.id, createdAt: listedModule.createdAt, updatedAt: listedModule.updatedAt, title: listedModule.title });
    }
  });

  it('runs the workflow: submit, send back with a reason, publish by an admin only, archive', async () => {
    const course = await buildCourse(t);
    const submitEmpty = await t.gql(`mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`, { id: course.id }, await asAuthor(course));
    expect(codeOf(submitEmpty)).toBe('CONFLICT');
    const module = await buildModule(t, course);

    const submit = `mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`;
    expect((await t.ok(submit, { id: course.id }, await asAuthor(course))).submitCourseForReview.status).toBe('IN_REVIEW');
    const editInReview = await t.gql(
      `mutation ($id: ID!) { updateCourse(id: $id, input: { title: "Judul Baru" }) { title } }`,
      { id: course.id },
      await asAuthor(course),
    );
    expect(codeOf(editInReview)).toBe('CONFLICT');
    const addInReview = await t.gql(`mutation ($id: ID!) { addModule(courseId: $id, input: { title: "Modul Tambahan" }) { id } }`, { id: course.id }, await asAuthor(course));
    expect(codeOf(addInReview)).toBe('CONFLICT');

    const selfPublish = await t.gql(`mutation ($id: ID!) { publishCourse(id: $id) { status } }`, { id: course.id }, await asAuthor(course));
    expect(codeOf(selfPublish)).toBe('FORBIDDEN');
    const noReason = await t.gql(`mutation ($id: ID!) { returnCourseToDraft(id: $id, reason: " ") { status } }`, { id: course.id }, await asAdmin());
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    const back = await t.ok(
      `mutation ($id: ID!) { returnCourseToDraft(id: $id, reason: "Lengkapi tujuan pembelajaran") { status reviewNote } }`,
      { id: course.id },
      await asAdmin(),
    );
    expect(back.returnCourseToDraft).toEqual({ status: 'DRAFT', reviewNote: 'Lengkapi tujuan pembelajaran' });

    expect((await t.ok(COURSE, { id: course.id }, await asLearner())).course).toBeNull();
    await t.ok(submit, { id: course.id }, await asAuthor(course));
    const published = await t.ok(`mutation ($id: ID!) { publishCourse(id: $id) { status reviewNote } }`, { id: course.id }, await asAdmin());
    expect(published.publishCourse).toEqual({ status: 'PUBLISHED', reviewNote: null });
    const seen = (await t.ok(COURSE, { code: course.code.toLowerCase() }, await asLearner())).course;
    expect(seen.modules.map((m: any) => m.id)).toEqual([module.id]);

    const publishAgain = await t.gql(`mutation ($id: ID!) { publishCourse(id: $id) { status } }`, { id: course.id }, await asAdmin());
    expect(codeOf(publishAgain)).toBe('CONFLICT');
    const learnerArchive = await t.gql(`mutation ($id: ID!) { archiveCourse(id: $id) { status } }`, { id: course.id }, await asLearner());
    expect(codeOf(learnerArchive)).toBe('FORBIDDEN');
    expect((await t.ok(`mutation ($id: ID!) { archiveCourse(id: $id) { status } }`, { id: course.id }, await asAuthor(course))).archiveCourse.status).toBe('ARCHIVED');
    expect((await t.ok(COURSE, { id: course.id }, await asLearner())).course).toBeNull();
  });

  it('finds published courses by Indonesian search words, tags, code and filters', async () => {
    const prima = await buildCourse(t, { title: 'Pelayanan Publik Prima', competency: 'SOSIAL_KULTURAL', tags: ['pelayanan'] });
    const melayani = await buildCourse(t, { title: 'Komunikasi Efektif untuk Melayani Warga', deliveryMode: 'BLENDED' });
    const other = await buildCourse(t, { title: 'Pemecahan Masalah', summary: 'Analisis akar masalah dalam tugas kedinasan.' });
    const draft = await buildCourse(t, { title: 'Pelayanan Kesehatan (draf)' });
    for (const course of [prima, melayani, other]) await publishCourse(t, course);

    const search = async (filter: Record<string, unknown>, credentials = asLearner) =>
      (await t.ok(SEARCH, { filter }, await credentials())).courses.edges.map((e: any) => e.node.id);

    const found = await search({ search: 'pelayanan' });
    expect(found).toEqual(expect.arrayContaining([prima.id, melayani.id]));
    expect(found).not.toContain(other.id);
    expect(found).not.toContain(draft.id);
    expect(await search({ search: 'pelayanan', competency: 'SOSIAL_KULTURAL', organizationId: prima.organizationId })).toEqual([prima.id]);
    expect(await search({ search: 'melayani', deliveryMode: 'BLENDED' })).toEqual([melayani.id]);
    expect(await search({ code: prima.code.toLowerCase() })).toEqual([prima.id]);
    expect(await search({ tag: 'pelayanan', organizationId: prima.organizationId })).toEqual([prima.id]);
    expect(await search({ status: 'DRAFT', organizationId: draft.organizationId })).toEqual([]);
    expect(await search({ status: 'DRAFT', organizationId: draft.organizationId }, () => asAuthor(draft))).toEqual([draft.id]);
    expect(await search({ search: 'pelayanan', organizationId: draft.organizationId }, asAdmin)).toEqual([draft.id]);
    expect((await t.ok(COURSE, { code: 'TIDAK-ADA' }, await asLearner())).course).toBeNull();
  });

  it('refuses bad content and foreign authors, changing nothing', async () => {
    const course = await buildCourse(t);
    const module = await buildModule(t, course);
    const add = (input: Record<string, unknown>, credentials: { token: string }) =>
      t.gql(`mutation ($m: ID!, $input: MaterialInput!) { addMaterial(moduleId: $m, input: $input) { id } }`, { m: module.id, input }, credentials);
    const author = await asAuthor(course);
    const before = await countRows(t.databaseUrl, 'SELECT count(*) FROM materials');

    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: 'Tautan jahat', kind: 'LINK', url: 'javascript:alert(1)' }, 'BAD_USER_INPUT', 'url'],
      [{ title: 'Tautan data', kind: 'LINK', url: 'data:text/html,<b>x</b>' }, 'BAD_USER_INPUT', 'url'],
      [{ title: 'Teks kosong', kind: 'TEXT' }, 'BAD_USER_INPUT', 'body'],
      [{ title: 'Kuis dengan teks', kind: 'QUIZ', body: 'Soal ada di setQuiz' }, 'BAD_USER_INPUT', 'body'],
      [{ title: 'Tugas dengan tautan', kind: 'ASSIGNMENT', url: 'https://contoh.id/tugas' }, 'BAD_USER_INPUT', 'url'],
      [{ title: 'Video dengan url', kind: 'VIDEO', url: 'https://contoh.id/v.mp4' }, 'BAD_USER_INPUT', 'url'],
    ];
    for (const [input, code, field] of cases) {
      const result = await add(input, author);
      expect({ input, extensions: result.errors?.[0]?.extensions }).toMatchObject({ input, extensions: { code, fields: [{ field }] } });
    }
    const stranger = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: (await buildOrganization(t)).id });
    expect(codeOf(await add({ title: 'Materi asing', kind: 'TEXT', body: 'x' }, { token: await authorToken(stranger) }))).toBe('FORBIDDEN');
    expect(codeOf(await add({ title: 'Materi peserta', kind: 'TEXT', body: 'x' }, await asLearner()))).toBe('FORBIDDEN');
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM materials')).toBe(before);

    const duplicate = await t.gql(
      `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
      { input: { code: course.code.toLowerCase(), title: 'Salinan', competency: 'TEKNIS', deliveryMode: 'ONLINE', jp: 2 } },
      author,
    );
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'code' }] });
    const learnerCreates = await t.gql(
      `mutation { createCourse(input: { code: "PESERTA-1", title: "Kursus Peserta", competency: TEKNIS, deliveryMode: ONLINE, jp: 2 }) { id } }`,
      {},
      await asLearner(),
    );
    expect(codeOf(learnerCreates)).toBe('FORBIDDEN');
    const unknown = await t.gql(`mutation { addModule(courseId: "00000000-0000-4000-8000-000000000000", input: { title: "Modul" }) { id } }`, {}, author);
    expect(codeOf(unknown)).toBe('NOT_FOUND');
  });

  it('keeps module positions dense under concurrent moves, and refuses looping prerequisites', async () => {
    const course = await buildCourse(t);
    const modules = [];
    for (let i = 0; i < 5; i += 1) modules.push(await buildModule(t, course, { title: `Modul ${i + 1}` }));
    const author = await asAuthor(course);
    const move = (id: string, position: number) =>
      t.gql(`mutation ($id: ID!, $p: Int!) { moveModule(id: $id, position: $p) { position } }`, { id, p: position }, author);
    const results = await Promise.all(modules.flatMap((m, i) => [move(m.id, 5 - i), move(m.id, 1 + ((i + 2) % 5))]));
    expect(results.every((r) => !r.errors)).toBe(true);
    const read = (await t.ok(COURSE, { id: course.id }, author)).course;
    expect(read.modules.map((m: any) => m.position)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(read.modules.map((m: any) => m.id)).size).toBe(5);

    const outOfRange = await move(modules[0].id, 6);
    expect(outOfRange.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'position' }] });

    const setPrerequisite = (id: string, prerequisiteModuleId: string) =>
      t.gql(`mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { prerequisite { id } } }`, { id, input: { title: 'Modul', prerequisiteModuleId } }, author);
    expect((await setPrerequisite(modules[1].id, modules[0].id)).errors).toBeUndefined();
    const loop = await setPrerequisite(modules[0].id, modules[1].id);
    expect(loop.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'prerequisiteModuleId' }] });

    await t.ok(`mutation ($id: ID!) { removeModule(id: $id) }`, { id: modules[2].id }, author);
    const after = (await t.ok(COURSE, { id: course.id }, author)).course;
    expect(after.modules.map((m: any) => m.position)).toEqual([1, 2, 3, 4]);
  });
});
