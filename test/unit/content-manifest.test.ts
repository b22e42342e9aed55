import path from 'node:path';
import { formatLocated, loadContent } from '../../src/content';
import { MAX_TEXT_LENGTH } from '../../src/modules/material/material.rules';
import { MAX_OPTION_LENGTH } from '../../src/modules/quiz/quiz.rules';
import { contentFixture, PRE_TEST, writeFolder } from '../builders/content';

const messages = async (root: string) => (await loadContent(root)).errors.map(formatLocated);
const manifest = (root: string, folder = 'pelayanan') => path.join(root, folder, 'course.yaml');
const at = (file: string, line: number) => `${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}:${line}:`;

/** The fixture's course.yaml with one line replaced. */
function withCourse(change: (yaml: string) => string, extra: Record<string, string | Buffer> = {}) {
  const fixture = contentFixture();
  const files = { ...fixture.files, ...extra };
  files['pelayanan/course.yaml'] = change(files['pelayanan/course.yaml'] as string);
  return writeFolder(files);
}

describe('content manifests', () => {
  it('loads a valid content root with a course and a seminar', async () => {
    const fixture = contentFixture();
    const { items, errors } = await loadContent(fixture.root);
    expect(errors).toEqual([]);
    expect(items.map((item) => item.kind).sort()).toEqual(['course', 'seminar']);
    const course = items.find((item) => item.kind === 'course');
    expect(course?.kind === 'course' && course.modules[1].materials[0].file?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(course?.kind === 'course' && course.tags).toEqual(['pelayanan publik', 'uji']);
  });

  it('names the file, line and field of a missing file', async () => {
    const root = withCourse((yaml) => yaml.replace('file: berkas/modul.pdf', 'file: berkas/tidak-ada.pdf'));
    expect(await messages(root)).toEqual([`${at(manifest(root), 26)}15 modules[1].materials[0].file: file "berkas/tidak-ada.pdf" not found`]);
  });

  it('refuses a wrong kind and fields that do not fit the kind', async () => {
    const root = withCourse((yaml) =>
      yaml.replace('kind: DOCUMENT', 'kind: DOKUMEN').replace('body: teks/01-pengantar.md', 'body: teks/01-pengantar.md\n        url: https://example.go.id'),
    );
    const found = await messages(root);
    expect(found).toContainEqual(expect.stringMatching(/course\.yaml:20:9 modules\[0\]\.materials\[1\]\.url: a TEXT material takes no "url"/));
    expect(found).toContainEqual(expect.stringMatching(/course\.yaml:26:15 modules\[1\]\.materials\[0\]\.kind: must be one of TEXT, LINK/));
  });

  it('finds a course code used by two folders (case-insensitive)', async () => {
    const fixture = contentFixture();
    const copy = Object.fromEntries(
      Object.entries(fixture.files)
        .filter(([name]) => name.startsWith('pelayanan/'))
        .map(([name, content]) => [name.replace('pelayanan/', 'salinan/'), content]),
    );
    copy['salinan/course.yaml'] = (copy['salinan/course.yaml'] as string).replace(`code: ${fixture.code}`, `code: ${fixture.code.toLowerCase()}`);
    writeFolder(copy, fixture.root);
    const found = await messages(fixture.root);
    expect(found).toEqual([expect.stringMatching(new RegExp(`salinan/course\\.yaml:1:7 code: course code "${fixture.code.toLowerCase()}" is also used by .*pelayanan/course\\.yaml$`))]);
  });

  it('refuses an unknown competency, a later prerequisite and a path leaving the folder', async () => {
    const root = withCourse((yaml) =>
      yaml
        .replace('competency: SOSIAL_KULTURAL', 'competency: SOSIAL')
        .replace('prerequisite: Pengantar', 'prerequisite: Penutup')
        .replace('body: teks/01-pengantar.md', 'body: ../../rahasia.md'),
    );
    const found = await messages(root);
    expect(found).toEqual([
      expect.stringMatching(/course\.yaml:5:13 competency: must be one of TEKNIS, MANAJERIAL, SOSIAL_KULTURAL$/),
      expect.stringMatching(/course\.yaml:19:15 modules\[0\]\.materials\[1\]\.body: "\.\.\/\.\.\/rahasia\.md" leaves the folder$/),
      expect.stringMatching(/course\.yaml:22:19 modules\[1\]\.prerequisite: no module is titled "Penutup"$/),
    ]);
  });

  it('reports a YAML syntax error with its line', async () => {
    const root = withCourse((yaml) => yaml.replace('title: "Bacaan: Apa itu pelayanan publik"', 'title: Bacaan: Apa itu pelayanan publik'));
    const found = await messages(root);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/course\.yaml:17:16: YAML syntax: /);
  });

  it('reports quiz errors at the quiz file’s own lines', async () => {
    const broken = PRE_TEST.replace('correct: [0, 1]', 'correct: [0, 5]').replace('kind: TRUE_FALSE', 'kind: BENAR_SALAH');
    const root = withCourse((yaml) => yaml, { 'pelayanan/kuis/pre-test.yaml': broken });
    const quiz = path.join(root, 'pelayanan/kuis/pre-test.yaml');
    expect(await messages(root)).toEqual([
      `${at(quiz, 9)}11 questions[1].kind: must be one of SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE, SHORT_ANSWER`,
      `${at(quiz, 16)}14 questions[2].correct: lists 0-based option indexes, from 0 to 2`,
    ]);
  });

  it('reports the server’s own limits (a TEXT body, a quiz option) at their lines, before any request', async () => {
    const longOption = 'x'.repeat(MAX_OPTION_LENGTH + 1);
    const root = withCourse((yaml) => yaml, {
      'pelayanan/teks/01-pengantar.md': `## Pengantar\n\n${'a'.repeat(MAX_TEXT_LENGTH)}\n`,
      'pelayanan/kuis/pre-test.yaml': PRE_TEST.replace('Sistem Perizinan', longOption),
    });
    const found = await messages(root);
    expect(found).toEqual([
      expect.stringMatching(/course\.yaml:19:15 modules\[0\]\.materials\[1\]\.body: "teks\/01-pengantar\.md" has 200015 characters; the server takes at most 200000$/),
      expect.stringMatching(/pre-test\.yaml:7:\d+ questions\[0\]\.options\[2\]: An option has at most 1000 characters$/),
    ]);
  });

  it('checks a seminar’s dates and files', async () => {
    const fixture = contentFixture();
    const files = { ...fixture.files };
    files['seminar/seminar.yaml'] = (files['seminar/seminar.yaml'] as string)
      .replace(/endsAt: .*/, 'endsAt: 2020-01-01T08:00:00+07:00')
      .replace('kind: SLIDES', 'kind: SLIDE');
    const root = writeFolder(files);
    const found = await messages(root);
    expect(found).toEqual([
      expect.stringMatching(/seminar\.yaml:15:13 sessions\[0\]\.endsAt: must be after startsAt$/),
      expect.stringMatching(/seminar\.yaml:21:11 materials\[0\]\.kind: must be SLIDES, PAPER or RECORDING$/),
    ]);
  });
});
