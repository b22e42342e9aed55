import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { selectRows } from '../support/database';
import { graphqlClient, type GraphQLResponse } from '../support/graphql-client';
import { bareEnv, isReady, type PelitaProcess, removeDataDir, REPO_ROOT, startPelita, stopPelita, within } from '../support/pelita-process';
import type { ApiUnderTest } from '../support/test-app';

// A cold start runs initdb, and the load runs for some seconds: allow for a slow machine.
jest.setTimeout(240_000);

const ADMIN = { email: 'admin@sibolgakota.go.id', password: 'kata-sandi-admin-sibolga' };
const DEVICES = 8;
const RECOVERY_BOUND_MS = 5_000;
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'COMMIT_OUTCOME_UNKNOWN']);
const RECORD = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { results { id outcome code } } }`;

interface ProgressEvent {
  id: string;
  materialId: string;
  occurredAt: string;
  kind: 'OPENED';
}

/** One answer a device got: an acknowledgement, or an error as the device reads it. */
interface Answer {
  eventId: string;
  sentAt: number;
  answeredAt: number;
  ok: boolean;
  status: number;
  code?: string;
  retryable?: unknown;
  retryAfter: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The office PC's PostgreSQL dies under the learners' syncing phones (killed, as the OOM killer
 * or a careless `kill -9` would): Pelita restarts it by itself, every phone is told to retry
 * (never "internal error"), service is back within seconds, and nothing a phone was told is
 * stored is missing. Always on Pelita's own embedded PostgreSQL, also when the suite runs on an
 * external one: that is the one Pelita supervises.
 */
describe('the embedded PostgreSQL killed under load', () => {
  const dataDir = path.resolve(REPO_ROOT, 'data', `database-kill-e2e-${randomBytes(4).toString('hex')}`);
  let running: PelitaProcess | undefined;

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGTERM');
      await within(running.exit, 30_000, 'exit in clean-up').catch(() => running?.child.kill('SIGKILL'));
    }
    await removeDataDir(dataDir);
  });

  it('restarts it; devices get retryable answers meanwhile, service returns within 5 s, and no acknowledged write is lost', async () => {
    running = startPelita(bareEnv(dataDir, ADMIN));
    const pelita = running;
    const ready = await pelita.waitForLog(isReady, 120_000);
    expect(ready.database).toContain('embedded PostgreSQL');
    const client = graphqlClient(ready.url);
    const adminToken = (await client.login(ADMIN.email, ADMIN.password)).accessToken;
    const api: ApiUnderTest = { ...client, adminToken: async () => adminToken };

    const author = await buildUser(api, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(api, { author, title: 'Pelayanan Publik Prima' });
    const module = await buildModule(api, course);
    const material = await buildMaterial(api, course, module.id, 'TEXT');
    await publishCourse(api, course);
    const devices = await Promise.all(
      Array.from({ length: DEVICES }, async () => {
        const learner = await buildUser(api);
        await enrolLearner(api, learner, course);
        return { learner, token: await learner.token() };
      }),
    );

    // Each device sends one event at a time and, like the app, sends the same event again until
    // it is acknowledged; quicker than Retry-After asks, to find the moment service returns.
    const answers: Answer[] = [];
    const acknowledged = new Map<string, { userId: string; event: ProgressEvent; outcome: string }>();
    const failures: string[] = [];
    let loadRuns = true;
    const load = devices.map(async ({ learner, token }) => {
      while (loadRuns) {
        const event: ProgressEvent = { id: randomUUID(), materialId: material.id, occurredAt: new Date().toISOString(), kind: 'OPENED' };
        for (let attempt = 0; ; attempt += 1) {
          const sentAt = Date.now();
          let response: GraphQLResponse<{ recordProgress: { results: { outcome: string }[] } }>;
          try {
            response = await client.gql(RECORD, { events: [event] }, { token });
          } catch (error) {
            failures.push(`no answer from the API: ${(error as Error).message}`);
            await sleep(50);
            continue;
          }
          const error = response.errors?.[0];
          answers.push({
            eventId: event.id,
            sentAt,
            answeredAt: Date.now(),
            ok: !error,
            status: response.status,
            code: error?.extensions?.code,
            retryable: error?.extensions?.retryable,
            retryAfter: response.headers.get('retry-after'),
          });
          if (!error) {
            acknowledged.set(event.id, { userId: learner.id, event, outcome: response.data!.recordProgress.results[0].outcome });
            break;
          }
          if (!RETRYABLE.has(String(error.extensions?.code))) {
            failures.push(`not retryable: ${JSON.stringify(error)}`);
            break;
          }
          if (attempt > 400) {
            failures.push(`event ${event.id} never acknowledged`);
            break;
          }
          await sleep(50);
        }
      }
    });

    // Writes flow; then PostgreSQL's postmaster is killed outright.
    while (acknowledged.size < 40 && !failures.length) await sleep(50);
    const clusterDir = await realpath(path.join(dataDir, 'postgres'));
    const [postmasterPid, , , port] = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
    const ackedBeforeKill = acknowledged.size;
    const killedAt = Date.now();
    process.kill(Number(postmasterPid), 'SIGKILL');

    const restarted = await pelita.waitForLog((line) => line.msg === 'the embedded PostgreSQL runs again', 60_000);
    // Pino's `time`: when PostgreSQL accepted connections again, by the same clock as the answers.
    const backAt = Date.parse(restarted.time);
    let firstSuccess: Answer | undefined;
    const deadline = Date.now() + 30_000;
    while (!(firstSuccess = answers.find((answer) => answer.ok && answer.sentAt >= backAt)) && Date.now() < deadline) await sleep(20);
    // A little more load after recovery, then every device finishes the event it holds.
    await sleep(1_000);
    loadRuns = false;
    await Promise.all(load);

    const afterKill = answers.filter((answer) => answer.answeredAt >= killedAt);
    const errors = afterKill.filter((answer) => !answer.ok);
    const byCode = errors.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [String(answer.code)]: (counts[String(answer.code)] ?? 0) + 1 }), {});
    const unknownIds = new Set(errors.filter((answer) => answer.code === 'COMMIT_OUTCOME_UNKNOWN').map((answer) => answer.eventId));
    const numbers = {
      devices: DEVICES,
      answers: answers.length,
      writesAcknowledged: acknowledged.size,
      ackedBeforeKill,
      errorsAfterKill: byCode,
      outcomeUnknownEvents: unknownIds.size,
      postgresBackAfterKillMs: backAt - killedAt,
      postgresStartMs: restarted.restartMs,
      recoveryAfterPostgresBackMs: firstSuccess ? firstSuccess.answeredAt - backAt : null,
      firstSuccessAfterKillMs: firstSuccess ? firstSuccess.answeredAt - killedAt : null,
    };
    console.log(`database kill under load: ${JSON.stringify(numbers)}`);

    // A masked answer is a bug: its log line says which.
    expect(pelita.logs.filter((line) => line.msg === 'unexpected error while answering a request')).toEqual([]);
    expect(failures).toEqual([]);
    // Pelita itself never went away: the same process serves before and after.
    expect(pelita.child.exitCode).toBeNull();
    const stoppedLine = pelita.logs.find((line) => line.msg === 'the embedded PostgreSQL stopped unexpectedly; restarting it');
    expect(stoppedLine).toMatchObject({ level: 'warn', signal: 'SIGKILL' });
    expect(pelita.logs.filter((line) => line.level === 'fatal')).toEqual([]);
    // Every line an operator's log shipper reads is JSON, knex's connection errors included.
    expect(pelita.stdout().split('\n').filter((line) => line.trim() && !line.startsWith('{'))).toEqual([]);

    // The outage was seen, and every answer during it told the device to come back.
    expect(errors.length).toBeGreaterThan(0);
    for (const answer of errors) {
      expect(RETRYABLE.has(String(answer.code))).toBe(true);
      expect(answer).toMatchObject({ retryable: true, status: 503, retryAfter: '5' });
    }
    expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    expect(firstSuccess).toBeDefined();
    expect(firstSuccess!.answeredAt - backAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);

    // Zero acknowledged writes lost: each is in the database exactly once, and nothing else is.
    const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
    const databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port.trim()}/pelita`;
    const stored = await selectRows<{ id: string }>(databaseUrl, 'SELECT id FROM progress_events WHERE user_id = ANY($1::uuid[])', [
      devices.map(({ learner }) => learner.id),
    ]);
    expect(stored.map((row) => row.id).sort()).toEqual([...acknowledged.keys()].sort());
    // And the devices hear the same: every acknowledged event sent again is a DUPLICATE.
    for (const { learner, token } of devices) {
      const mine = [...acknowledged.values()].filter((ack) => ack.userId === learner.id).map((ack) => ack.event);
      const replayed = await client.ok<{ recordProgress: { results: { outcome: string }[] } }>(RECORD, { events: mine }, { token });
      expect(replayed.recordProgress.results.map((result) => result.outcome)).toEqual(mine.map(() => 'DUPLICATE'));
    }
    // An event whose outcome was unknown was stored by its first or by a later attempt: once.
    for (const id of unknownIds) expect(acknowledged.get(id)?.outcome).toMatch(/^(APPLIED|DUPLICATE)$/);

    expect(await stopPelita(pelita)).toEqual({ code: 0, signal: null });
    running = undefined;
  });
});
