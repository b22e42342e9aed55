import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { publishContent, PublishError, type PublishSummary } from '../../src/content';
import { contentFixture } from '../builders/content';
import { buildOrganization, buildUser } from '../builders/identity';
import { partnerApiKey } from '../builders/seminar';
import { countRows, selectRows } from '../support/database';
import { pdfBytes, sha256 } from '../support/sample-files';
import { startTestApp, type TestApp } from '../support/test-app';

const COURSE = `query ($code: String!) {
  course(code: $code) {
    id status title tags coverSha256
    modules { title prerequisite { title }
      materials { title kind required body url currentVersion { sha256 }
        quiz { purpose passMark maxAttempts scorePolicy questions { kind prompt points options { text } answerKey } } } }
  }
}`;
const SEMINAR = `query ($ref: String!) { seminars(filter: { externalRef: $ref }) { edges { node { id title status audience { positions } materials { title kind sha256 } } } } }`;
const CLI = path.join(__dirname, '../../src/cli/content-publish.js');

/** What a publish run could touch, with update times: equal snapshots mean nothing was written. */
async function snapshot(databaseUrl: string) {
  const tables = ['courses', 'course_modules', 'materials', 'material_versions', 'quizzes', 'quiz_questions', 'seminars', 'seminar_sessions', 'seminar_materials', 'uploads'];
  const rows: Record<string, unknown> = {};
  for (const table of tables) {
    rows[table] = await selectRows(databaseUrl, `SELECT * FROM ${table} ORDER BY 1`);
  }
  return rows;
}

/** The CLI as a person runs it; asynchronous, since the server answering it runs in this process. */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const outcomes = (summary: PublishSummary) => Object.fromEntries(summary.items.map((item) => [item.kind, item.outcome]));

describe('content:publish through the public API', () => {
  let t: TestApp;
  let organization: { id: string; name: string };
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    organization = await buildOrganization(t, { kind: 'UNIVERSITY' });
    apiKey = await partnerApiKey(t, organization.id);
  });
  afterAll(() => t.stop());

  const publish = (root: string, options: { dryRun?: boolean; auth?: Parameters<typeof publishContent>[0]['auth']; organization?: string } = {}) => {
    const lines: string[] = [];
    const summary = publishContent({
      folders: [root],
      endpoint: t.url,
      auth: options.auth ?? { apiKey },
      dryRun: options.dryRun,
      organization: options.organization,
      output: (line) => lines.push(line),
      progress: false,
    });
    return summary.then((result) => ({ ...result, lines }));
  };

  it('creates on the first run, changes nothing on the second, updates only what changed on the third', async () => {
    const fixture = contentFixture();
    const pdf = fixture.files['pelayanan/berkas/modul.pdf'] as Buffer;
    const first = await publish(fixture.root);
    expect(outcomes(first)).toEqual({ course: 'created', seminar: 'created' });
    expect(first.uploadedFiles).toBe(3);
    expect(first.skippedFiles).toBe(0);

    const { course } = await t.ok(COURSE, { code: fixture.code }, { apiKey });
    expect(course.status).toBe('IN_REVIEW');
    expect(course.tags).toEqual(['pelayanan publik', 'uji']);
    expect(course.coverSha256).toBe(sha256(fixture.files['pelayanan/sampul.png'] as Buffer));
    expect(course.modules.map((module: any) => [module.title, module.prerequisite?.title ?? null])).toEqual([
      ['Pengantar', null],
      ['Standar Pelayanan', 'Pengantar'],
    ]);
    const [intro, standard] = course.modules;
    expect(intro.materials.map((material: any) => material.kind)).toEqual(['QUIZ', 'TEXT']);
    expect(intro.materials[0].quiz).toMatchObject({ purpose: 'PRE_TEST', passMark: 60, maxAttempts: 2 });
    expect(intro.materials[0].quiz.questions.map((question: any) => question.kind)).toEqual(['SINGLE_CHOICE', 'TRUE_FALSE', 'MULTIPLE_CHOICE', 'SHORT_ANSWER']);
    expect(intro.materials[1].body).toBe(fixture.files['pelayanan/teks/01-pengantar.md']);
    expect(standard.materials.map((material: any) => [material.kind, material.required])).toEqual([['DOCUMENT', true], ['LINK', false], ['QUIZ', true]]);
    expect(standard.materials[0].currentVersion.sha256).toBe(sha256(pdf));
    expect(standard.materials[2].quiz).toMatchObject({ purpose: 'POST_TEST', scorePolicy: 'LAST' });
    const seminar = (await t.ok(SEMINAR, { ref: fixture.externalRef }, { apiKey })).seminars.edges[0].node;
    expect(seminar.audience.positions).toEqual(['Kepala Seksi', 'Analis Kebijakan']);
    expect(seminar.materials).toEqual([{ title: 'Bahan tayang', kind: 'SLIDES', sha256: sha256(fixture.files['seminar/berkas/slide.pdf'] as Buffer) }]);

    const before = await snapshot(t.databaseUrl);
    const second = await publish(fixture.root);
    expect(outcomes(second)).toEqual({ course: 'unchanged', seminar: 'unchanged' });
    expect(second.items.flatMap((item) => item.actions)).toEqual([]);
    expect([second.mutations, second.uploadedFiles, second.uploadedBytes, second.skippedFiles]).toEqual([0, 0, 0, 3]);
    expect(await snapshot(t.databaseUrl)).toEqual(before);

    // The course waits for review: a partner's change is refused before anything is sent.
    writeFileSync(path.join(fixture.root, 'pelayanan/teks/01-pengantar.md'), '## Pengantar\n\nTeks yang diperbarui.\n');
    writeFileSync(path.join(fixture.root, 'pelayanan/berkas/modul.pdf'), pdfBytes('Modul uji, edisi kedua'));
    await expect(publish(fixture.root)).rejects.toThrow(/course .* is IN_REVIEW and its content differs/);
    expect(await snapshot(t.databaseUrl)).toEqual(before);

    // An admin returns it to draft, changes only the two materials, and publishes it.
    const admin = { email: t.admin.email, password: t.admin.password };
    const third = await publish(fixture.root, { auth: admin, organization: organization.name });
    expect(outcomes(third)).toEqual({ course: 'updated', seminar: 'unchanged' });
    expect(third.items.find((item) => item.kind === 'course')?.actions).toEqual([
      'return course to draft (admin)',
      'update material "Pengantar" / "Bacaan: Apa itu pelayanan publik"',
      'upload berkas/modul.pdf to "Standar Pelayanan" / "Modul (PDF)"',
      'submit course for review',
      'publish course (admin)',
    ]);
    expect([third.uploadedFiles, third.skippedFiles, third.mutations]).toEqual([1, 2, 6]);
    const after = await snapshot(t.databaseUrl);
    expect(after.seminars).toEqual(before.seminars);
    expect(after.course_modules).toEqual(before.course_modules);
    expect(after.quiz_questions).toEqual(before.quiz_questions);
    // Only the two changed materials' rows moved (the PDF's points at its new version).
    const changed = (after.materials as { title: string }[]).filter((row, index) => JSON.stringify(row) !== JSON.stringify((before.materials as object[])[index]));
    expect(changed.map((row) => row.title).sort()).toEqual(['Bacaan: Apa itu pelayanan publik', 'Modul (PDF)']);

    const learner = await buildUser(t, { roles: ['LEARNER'] });
    const seen = await t.ok(COURSE.replace('answerKey', ''), { code: fixture.code }, { token: await learner.token() });
    expect(seen.course.status).toBe('PUBLISHED');
    expect(seen.course.modules[0].materials[1].body).toContain('Teks yang diperbarui');

    // Another partner cannot take the code over, and its run changes nothing (its seminar included).
    const other = await partnerApiKey(t, (await buildOrganization(t, { kind: 'UNIVERSITY' })).id);
    await expect(publish(fixture.root, { auth: { apiKey: other } })).rejects.toThrow(`the code belongs to a course of ${organization.name}`);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars WHERE external_ref = $1', [fixture.externalRef])).toBe(1);
  });

  it('publishes the sample catalogue in content/, and a second run changes nothing', async () => {
    const sample = path.join(__dirname, '../../../content');
    for (const name of ['Dinas Kependudukan dan Pencatatan Sipil Kota Sibolga', 'Dinas Kesehatan Kota Sibolga']) await buildOrganization(t, { name, kind: 'AGENCY' });
    const publisher = await buildOrganization(t, { kind: 'TRAINING_CENTER' });
    const key = await partnerApiKey(t, publisher.id);
    const first = await publish(sample, { auth: { apiKey: key } });
    expect(first.items.map((item) => item.outcome)).toEqual(first.items.map(() => 'created'));
    expect(first.items.filter((item) => item.kind === 'course')).toHaveLength(5);
    const before = await snapshot(t.databaseUrl);
    const second = await publish(sample, { auth: { apiKey: key } });
    expect(second.items.map((item) => item.outcome)).toEqual(second.items.map(() => 'unchanged'));
    expect([second.mutations, second.uploadedBytes, second.skippedFiles]).toEqual([0, 0, first.uploadedFiles]);
    expect(await snapshot(t.databaseUrl)).toEqual(before);
  });

  it('republishes a seminar only for a changed field, and replaces a changed file', async () => {
    const fixture = contentFixture();
    await publish(fixture.root);
    const manifest = path.join(fixture.root, 'seminar/seminar.yaml');
    writeFileSync(manifest, `${fixture.files['seminar/seminar.yaml']}`.replace('capacity: 100', 'capacity: 120'));
    writeFileSync(path.join(fixture.root, 'seminar/berkas/slide.pdf'), pdfBytes('Slide seminar, revisi'));
    const second = await publish(fixture.root);
    expect(outcomes(second)).toEqual({ course: 'unchanged', seminar: 'updated' });
    expect(second.items.find((item) => item.kind === 'seminar')?.actions).toEqual([
      'publish seminar (changed: capacity)',
      'upload berkas/slide.pdf as SLIDES "Bahan tayang"',
      'remove seminar file SLIDES "Bahan tayang" (replaced)',
    ]);
    const seminar = (await t.ok(SEMINAR, { ref: fixture.externalRef }, { apiKey })).seminars.edges[0].node;
    expect(seminar.materials).toEqual([{ title: 'Bahan tayang', kind: 'SLIDES', sha256: sha256(pdfBytes('Slide seminar, revisi')) }]);
    const third = await publish(fixture.root);
    expect([third.mutations, third.uploadedBytes]).toEqual([0, 0]);
  });

  it('a dry run prints the plan and creates nothing', async () => {
    const fixture = contentFixture();
    const result = await runCli([fixture.root, '--endpoint', t.url, '--api-key', apiKey, '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`course ${fixture.code}`);
    expect(result.stdout).toContain('- upload berkas/modul.pdf to "Standar Pelayanan" / "Modul (PDF)"');
    expect(result.stdout).not.toContain(apiKey);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM courses WHERE code = $1', [fixture.code])).toBe(0);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars WHERE external_ref = $1', [fixture.externalRef])).toBe(0);
  });

  it('a bad manifest stops the CLI before any change, naming file and field', async () => {
    const fixture = contentFixture();
    const manifest = path.join(fixture.root, 'pelayanan/course.yaml');
    writeFileSync(manifest, (fixture.files['pelayanan/course.yaml'] as string).replace('competency: SOSIAL_KULTURAL', 'competency: SOSIAL').replace('berkas/modul.pdf', 'berkas/hilang.pdf'));
    const result = await runCli([fixture.root, '--endpoint', t.url, '--api-key', apiKey]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/pelayanan\/course\.yaml:5:13 competency: must be one of TEKNIS, MANAJERIAL, SOSIAL_KULTURAL/);
    expect(result.stderr).toMatch(/pelayanan\/course\.yaml:26:15 modules\[1\]\.materials\[0\]\.file: file "berkas\/hilang\.pdf" not found/);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM courses WHERE code = $1', [fixture.code])).toBe(0);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars WHERE external_ref = $1', [fixture.externalRef])).toBe(0);
  });

  it('an admin must say which organization, and unknown audience agencies stop the run', async () => {
    const fixture = contentFixture();
    const admin = { email: t.admin.email, password: t.admin.password };
    await expect(publish(fixture.root, { auth: admin })).rejects.toThrow(/give --organization/);
    const seminar = path.join(fixture.root, 'seminar/seminar.yaml');
    writeFileSync(seminar, `${fixture.files['seminar/seminar.yaml']}`.replace('audience:\n', 'audience:\n  organizations: [Dinas Tidak Ada]\n'));
    const failure = await publish(fixture.root).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PublishError);
    expect((failure as Error).message).toMatch(/seminar\.yaml:18:19 audience\.organizations\[0\]: no AGENCY organization is named "Dinas Tidak Ada"/);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM courses WHERE code = $1', [fixture.code])).toBe(0);
  });
});
