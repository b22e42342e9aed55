import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { mp4Bytes, pdfBytes, pngBytes, wavBytes } from '../support/sample-files';
import { startTestApp, type TestApp } from '../support/test-app';
import { uploadFile } from '../support/uploads';

const MiB = 1024 * 1024;
/** Over the 64 MiB multipart threshold: the video goes in parts. */
const VIDEO_BYTES = 70 * MiB;

/**
 * The catalogue as its people use it: an instructor builds a course and uploads real files
 * straight to object storage, an admin publishes it, and a learner finds it by an Indonesian
 * word, enrols, and downloads exactly what was uploaded.
 */
describe('catalogue journey', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('goes from authoring with uploads to a learner downloading the same bytes', async () => {
    const course = await buildCourse(t, {
      title: 'Pelayanan Publik Prima',
      summary: 'Standar pelayanan, maklumat pelayanan dan survei kepuasan masyarakat.',
      competency: 'SOSIAL_KULTURAL',
    });
    const other = await buildCourse(t, { title: 'Komunikasi Efektif untuk Melayani Warga' });
    const token = await authorToken(course.author);
    const concepts = await buildModule(t, course, { title: 'Konsep Pelayanan Publik' });
    const standards = await buildModule(t, course, { title: 'Standar dan Maklumat Pelayanan' });

    const files = [
      { module: concepts.id, kind: 'VIDEO', bytes: mp4Bytes(VIDEO_BYTES), name: 'Video Pengantar.mp4', type: 'video/mp4' },
      { module: concepts.id, kind: 'DOCUMENT', bytes: pdfBytes(), name: 'Modul 1 — Konsep Pelayanan.pdf', type: 'application/pdf' },
      { module: standards.id, kind: 'SLIDES', bytes: pdfBytes('Bahan tayang standar pelayanan'), name: 'Bahan Tayang.pdf', type: 'application/pdf' },
      { module: standards.id, kind: 'AUDIO', bytes: wavBytes(), name: 'Rekaman Diskusi.wav', type: 'audio/wav' },
      { module: standards.id, kind: 'IMAGE', bytes: pngBytes(), name: 'Alur Pelayanan.png', type: 'image/png' },
    ] as const;
    const uploaded: { id: string; bytes: Buffer; name: string }[] = [];
    for (const file of files) {
      const material = await buildMaterial(t, course, file.module, file.kind);
      const result = await uploadFile(t, { token }, material.id, file.bytes, file.name, file.type);
      expect(result.multipart).toBe(file.bytes.length > 64 * MiB);
      expect(result.material.status).toBe('READY');
      uploaded.push({ id: material.id, bytes: file.bytes, name: file.name });
    }
    await buildMaterial(t, course, standards.id, 'TEXT');
    await buildMaterial(t, course, standards.id, 'LINK');

    await publishCourse(t, course);
    await publishCourse(t, other);

    const learner = await buildUser(t);
    const learnerToken = await authorToken(learner);
    const found = await t.ok(
      `query { courses(filter: { search: "pelayanan" }) { edges { node { id title } } } }`,
      {},
      { token: learnerToken },
    );
    const titles = found.courses.edges.map((e: any) => e.node.title);
    expect(titles).toEqual(expect.arrayContaining(['Pelayanan Publik Prima', 'Komunikasi Efektif untuk Melayani Warga']));

    // Files are for enrolled learners: before enrolling, the course is visible but not its files.
    const { material: locked } = await t.ok(`query ($id: ID!) { material(id: $id) { status downloadUrl } }`, { id: uploaded[1].id }, { token: learnerToken });
    expect(locked).toEqual({ status: 'READY', downloadUrl: null });
    await t.ok(`mutation ($c: ID!) { enroll(courseId: $c) { status } }`, { c: course.id }, { token: learnerToken });

    for (const file of uploaded) {
      const { material } = await t.ok(`query ($id: ID!) { material(id: $id) { status downloadUrl } }`, { id: file.id }, { token: learnerToken });
      expect(material.status).toBe('READY');
      const download = await fetch(material.downloadUrl);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(file.bytes)).toBe(true);
      expect(decodeURIComponent(download.headers.get('content-disposition') ?? '')).toContain(file.name);
    }
    const video = uploaded[0];
    const { material: videoMaterial } = await t.ok(`query ($id: ID!) { material(id: $id) { downloadUrl } }`, { id: video.id }, { token: learnerToken });
    const from = Math.floor(video.bytes.length * 0.7);
    const seek = await fetch(videoMaterial.downloadUrl, { headers: { range: `bytes=${from}-${from + 999}` } });
    expect(seek.status).toBe(206);
    expect(Buffer.from(await seek.arrayBuffer()).equals(video.bytes.subarray(from, from + 1000))).toBe(true);
  });
});
