import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { buildApp, type PelitaApp } from '../../src/app';
import { JOBS } from '../../src/jobs/job-names';
import { buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

const RECORD = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates refused } }`;
const openedNow = (materialId: string) => ({ id: randomUUID(), materialId, occurredAt: new Date().toISOString(), kind: 'OPENED' });

/** A published two-material course with an enrolled learner, who completes it by opening both. */
async function courseToComplete(t: TestApp, title: string): Promise<{ learner: BuiltUser; token: string; materialIds: string[] }> {
  const course = await buildCourse(t, { title, jp: 2 });
  const module = await buildModule(t, course, { title: 'Nilai Dasar ASN' });
  const materialIds = [(await buildMaterial(t, course, module.id, 'TEXT')).id, (await buildMaterial(t, course, module.id, 'LINK')).id];
  await publishCourse(t, course);
  const learner = await buildUser(t);
  await enrolLearner(t, learner, course);
  return { learner, token: await learner.token(), materialIds };
}

const pdfJobs = (databaseUrl: string, certificateId: string) =>
  countRows(databaseUrl, `SELECT count(*) FROM pgboss.job WHERE name = $1 AND data->>'certificateId' = $2`, [JOBS.renderCertificatePdf, certificateId]);

describe('jobs are enqueued in the transaction of the rows they concern', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No worker: a job that exists stays in the table for the test to see.
    t = await startTestApp({ jobWorker: 'off' });
  });
  afterAll(() => t.stop());

  it('leave no job when the transaction rolls back after the enqueue, and one when it commits', async () => {
    const { orm, jobs } = t.app.services;
    const rolledBack = randomUUID();
    await expect(
      orm.em.fork().transactional(async (em) => {
        await jobs.sendInTransaction(em, JOBS.renderCertificatePdf, { certificateId: rolledBack });
        // On this transaction's connection: it sees its job, no other connection does yet.
        const [inside] = await em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ? AND data->>'certificateId' = ?`, [
          JOBS.renderCertificatePdf,
          rolledBack,
        ]);
        expect(inside.n).toBe(1);
        expect(await pdfJobs(t.databaseUrl, rolledBack)).toBe(0);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await pdfJobs(t.databaseUrl, rolledBack)).toBe(0);

    const committed = randomUUID();
    await orm.em.fork().transactional((em) => jobs.sendInTransaction(em, JOBS.renderCertificatePdf, { certificateId: committed }));
    expect(await pdfJobs(t.databaseUrl, committed)).toBe(1);
  });

  it('refuse to enqueue outside a transaction instead of using a connection of their own', async () => {
    const { orm, jobs } = t.app.services;
    const orphan = randomUUID();
    await expect(jobs.sendInTransaction(orm.em.fork(), JOBS.renderCertificatePdf, { certificateId: orphan })).rejects.toThrow(/none is open/);
    expect(await pdfJobs(t.databaseUrl, orphan)).toBe(0);
  });

  it('leave neither certificate nor PDF job when a course completion fails at commit, and both when it succeeds', async () => {
    const { learner, token, materialIds } = await courseToComplete(t, 'Budaya Kerja BerAKHLAK');
    const allPdfJobs = () => countRows(t.databaseUrl, `SELECT count(*) FROM pgboss.job WHERE name = $1`, [JOBS.renderCertificatePdf]);
    const jobsBefore = await allPdfJobs();
    // Fails the completing transaction at COMMIT, after the certificate insert and the enqueue
    // have both run: the last moment a rollback can happen.
    await withClient(t.databaseUrl, async (client) => {
      await client.query(`CREATE FUNCTION fail_certificate_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$`);
      await client.query(
        `CREATE CONSTRAINT TRIGGER fail_certificate_commit AFTER INSERT ON certificates DEFERRABLE INITIALLY DEFERRED
           FOR EACH ROW EXECUTE FUNCTION fail_certificate_commit()`,
      );
    });
    const failed = await t.gql(RECORD, { events: materialIds.map(openedNow) }, { token });
    expect(failed.errors).toBeDefined();
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM certificates WHERE user_id = $1`, [learner.id])).toBe(0);
    expect(await allPdfJobs()).toBe(jobsBefore);

    await withClient(t.databaseUrl, (client) => client.query(`DROP TRIGGER fail_certificate_commit ON certificates`));
    const done = await t.ok(RECORD, { events: materialIds.map(openedNow) }, { token });
    expect(done.recordProgress.refused).toBe(0);
    const certificates = await selectRows<{ id: string }>(t.databaseUrl, `SELECT id FROM certificates WHERE user_id = $1`, [learner.id]);
    expect(certificates).toHaveLength(1);
    expect(await pdfJobs(t.databaseUrl, certificates[0].id)).toBe(1);
  });
});

describe('a job committed with its rows runs even if the process that committed them dies', () => {
  it('renders the certificate of a completion whose API process stopped right after COMMIT, in a worker started later', async () => {
    // The API process has no worker and nothing runs after its COMMIT: the job is a row of the
    // completing transaction, so there is no "between commit and enqueue" for a crash to hit.
    const api = await startTestApp({ jobWorker: 'off' });
    let worker: PelitaApp | undefined;
    try {
      const { learner, token, materialIds } = await courseToComplete(api, 'Etika Pelayanan Publik bagi ASN');
      await api.ok(RECORD, { events: materialIds.map(openedNow) }, { token });
      await api.app.stop();
      const [certificate] = await selectRows<{ id: string; pdf_status: string }>(api.databaseUrl, `SELECT id, pdf_status FROM certificates WHERE user_id = $1`, [
        learner.id,
      ]);
      expect(certificate.pdf_status).toBe('PENDING');
      expect(await pdfJobs(api.databaseUrl, certificate.id)).toBe(1);

      // Another process on the same database, with the inline worker: it finds the job and runs it.
      worker = await buildApp(testConfig(api.databaseUrl, { jobWorker: 'inline', bootstrapAdmin: api.config.bootstrapAdmin }), {
        logger: pino({ level: testEnv.logLevel }),
      });
      const deadline = Date.now() + 30_000;
      let status = 'PENDING';
      while (status !== 'READY' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        [{ pdf_status: status }] = await selectRows<{ pdf_status: string }>(api.databaseUrl, `SELECT pdf_status FROM certificates WHERE id = $1`, [certificate.id]);
      }
      expect(status).toBe('READY');
    } finally {
      await worker?.stop();
      await api.stop();
    }
  });
});
