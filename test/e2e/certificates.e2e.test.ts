import { randomUUID } from 'node:crypto';
import { buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, type BuiltCohort, enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const RECORD = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates refused } }`;
const openedNow = (materialId: string) => ({ id: randomUUID(), materialId, occurredAt: new Date().toISOString(), kind: 'OPENED' });
const jakartaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());

describe('course completion, certificates and the JP ledger', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let cohort: BuiltCohort;
  let materialIds: string[];
  let learner: BuiltUser;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    course = await buildCourse(t, { title: 'Etika Pelayanan Publik bagi ASN', jp: 6 });
    const module = await buildModule(t, course, { title: 'Kode Etik dan Perilaku ASN' });
    materialIds = [];
    for (const kind of ['TEXT', 'LINK'] as const) materialIds.push((await buildMaterial(t, course, module.id, kind)).id);
    await publishCourse(t, course);
    cohort = await buildCohort(t, course);
    learner = await buildUser(t, { name: 'Siti Rahmawati Harahap' });
    token = await learner.token();
    await enrolLearner(t, learner, course, cohort);
  });
  afterAll(() => t.stop());

  it('completes the enrollment once, credits the JP once and issues one certificate, even from two devices at once', async () => {
    const first = await t.ok(RECORD, { events: [openedNow(materialIds[0])] }, { token });
    expect(first.recordProgress.applied).toBe(1);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM certificates WHERE user_id = $1`, [learner.id])).toBe(0);

    // The completing batch, sent by a phone and a laptop at the same moment.
    const completing = [openedNow(materialIds[1]), openedNow(materialIds[0])];
    const answers = await Promise.all([t.ok(RECORD, { events: completing }, { token }), t.ok(RECORD, { events: completing }, { token })]);
    expect(answers.map((a) => a.recordProgress.refused)).toEqual([0, 0]);

    const [enrollment] = await selectRows<{ status: string; completed_at: Date | null }>(
      t.databaseUrl,
      `SELECT status, completed_at FROM enrollments WHERE user_id = $1 AND course_id = $2`,
      [learner.id, course.id],
    );
    expect(enrollment.status).toBe('COMPLETED');
    expect(enrollment.completed_at).not.toBeNull();
    const ledger = await selectRows<{ source: string; title: string; jp: string; credited_on: string }>(
      t.databaseUrl,
      `SELECT source, title, jp::text, to_char(credited_on, 'YYYY-MM-DD') AS credited_on FROM jp_ledger_entries WHERE user_id = $1`,
      [learner.id],
    );
    expect(ledger).toEqual([{ source: 'COURSE', title: 'Etika Pelayanan Publik bagi ASN', jp: '6.0', credited_on: jakartaToday() }]);
    const certificates = await selectRows<{ number: string; verification_code: string; holder_name: string; holder_nip: string }>(
      t.databaseUrl,
      `SELECT number, verification_code, holder_name, holder_nip FROM certificates WHERE user_id = $1`,
      [learner.id],
    );
    expect(certificates).toHaveLength(1);
    expect(certificates[0].number).toMatch(new RegExp(`^PELITA/${jakartaToday().slice(0, 4)}/\\d{6}$`));
    expect(certificates[0].verification_code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(certificates[0]).toMatchObject({ holder_name: 'Siti Rahmawati Harahap', holder_nip: learner.nip });

    const deadline = Date.now() + 20_000;
    let status = 'PENDING';
    while (status !== 'READY' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      [{ pdf_status: status }] = await selectRows<{ pdf_status: string }>(t.databaseUrl, `SELECT pdf_status FROM certificates WHERE user_id = $1`, [learner.id]);
    }
    expect(status).toBe('READY');
  });
});
