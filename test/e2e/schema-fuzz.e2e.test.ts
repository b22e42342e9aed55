import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { SCHEMA_FILE } from '../../src/cli/schema-emit';
import { buildAssignmentMaterial, setAssignment, submitWork } from '../builders/assignment';
import { buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, buildPublishedCourse, completeCourseAs, enrolLearner } from '../builders/learning';
import { buildQuizMaterial, setQuiz } from '../builders/quiz';
import { partnerApiKey, publishSeminar, dayFromNow } from '../builders/seminar';
import type { Credentials } from '../support/graphql-client';
import { captureLogs } from '../support/log-capture';
import { type FuzzOperation, type FuzzPools, OperationGenerator, seededRandom } from '../support/schema-fuzz';
import { THROTTLE_DEFAULTS } from '../../src/config';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Whatever a client sends, Pelita answers it as the client's mistake or does it: never an
 * internal error, a 5xx or a stack trace. Operations are generated from the emitted schema for
 * every query and mutation, as anonymous, learner, instructor, admin and partner system, with
 * plausible, boundary, hostile and wrongly typed values, against a small real catalogue.
 * The seed is printed; FUZZ_SEED=<seed> replays the same operations.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomBytes(4).readUInt32BE(0);
/** FUZZ_ROUNDS=<n> sends n times as many operations, to hunt longer than a test run does. */
const ROUNDS = Math.max(1, Number(process.env.FUZZ_ROUNDS ?? 1) || 1);
/** Operations per field and caller (in each round), each with its own share of hostile values. */
const HOSTILITY = [0, 0.1, 0.2, 0.4, 0.8];
const CONCURRENCY = 8;
const STACK_TRACE = /\bat [^\n"]*\([^\n"]*:\d+:\d+\)|stacktrace/i;

type Role = 'anonymous' | 'learner' | 'instructor' | 'admin' | 'partner';

interface Outcome {
  operation: FuzzOperation;
  role: Role;
  status: number;
  text: string;
  problem?: string;
}

describe('schema fuzzing', () => {
  const { lines, logger } = captureLogs('info');
  let t: TestApp;
  let people: Record<'learner' | 'instructor' | 'admin', BuiltUser>;
  const credentials = {} as Record<Role, Credentials>;
  const secrets: string[] = [];
  let pools: FuzzPools;

  beforeAll(async () => {
    process.stdout.write(`schema fuzzing with seed ${SEED} (replay: FUZZ_SEED=${SEED})\n`);
    // Every generated operation must reach its resolvers: query budgets would answer RATE_LIMITED
    // to most of them within seconds. Throttling has its own test.
    t = await startTestApp({ throttle: { ...THROTTLE_DEFAULTS, enabled: false } }, { logger });
    const agency = await buildOrganization(t);
    const instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: agency.id });
    const learner = await buildUser(t, { organizationId: agency.id });
    const admin = await buildUser(t, { roles: ['ADMIN'], organizationId: agency.id });
    // Users the admin may deactivate or edit at random: the callers' own accounts stay as they are.
    const otherLearner = await buildUser(t, { organizationId: agency.id });
    const otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: agency.id });
    people = { learner, instructor, admin };

    const course = await buildCourse(t, { author: instructor });
    const module = await buildModule(t, course);
    const text = await buildMaterial(t, course, module.id, 'TEXT');
    const link = await buildMaterial(t, course, module.id, 'LINK');
    const quiz = await buildQuizMaterial(t, course, module.id, { required: false });
    const questions = await setQuiz(t, course, quiz.id, {
      questions: [
        { kind: 'TRUE_FALSE', prompt: 'Standar pelayanan wajib dipublikasikan.', correct: ['0'] },
        { kind: 'SINGLE_CHOICE', prompt: 'Siapa penyelenggara?', options: [{ text: 'Dinas' }, { text: 'Warga' }], correct: ['0'] },
      ],
    });
    const assignment = await buildAssignmentMaterial(t, course, module.id, { required: false });
    await setAssignment(t, course, assignment.id);
    await publishCourse(t, course);
    const draft = await buildCourse(t, { author: instructor });
    const draftModule = await buildModule(t, draft);
    const other = await buildPublishedCourse(t, { author: otherInstructor });
    // A course the learner has completed: evaluations and certificates have something to act on.
    const completedCourse = await buildCourse(t, { author: otherInstructor });
    await buildMaterial(t, completedCourse, (await buildModule(t, completedCourse)).id, 'TEXT');
    await publishCourse(t, completedCourse);
    await enrolLearner(t, learner, completedCourse);
    const completed = await completeCourseAs(t, learner, completedCourse);

    const cohort = await buildCohort(t, course, { instructorIds: [instructor.id] });
    const enrollment = await enrolLearner(t, learner, course, cohort);
    const submission = await submitWork(t, learner, assignment.id, { file: false });
    const learnerToken = await learner.token();
    const asLearner = { token: learnerToken };
    const asInstructor = { token: await instructor.token() };
    const asAdmin = { token: await admin.token() };
    const attempt = await t.ok(`mutation ($m: ID!) { startQuizAttempt(materialId: $m) { id } }`, { m: quiz.id }, asLearner);
    const comment = await t.ok(`mutation ($s: ID!) { commentOnSubmission(submissionId: $s, body: "Mohon diperiksa.") { id } }`, { s: submission.id }, asLearner);
    const note = await t.ok(`mutation ($e: ID!) { addCoachingNote(enrollmentId: $e, body: "Lanjutkan.") { id } }`, { e: enrollment.id }, asInstructor);
    const classroom = await t.ok(
      `mutation ($c: ID!, $input: CohortSessionInput!) { addCohortSession(cohortId: $c, input: $input) { id } }`,
      { c: cohort.id, input: { title: 'Tatap muka', startsAt: dayFromNow(3, 1).toISOString(), endsAt: dayFromNow(3, 4).toISOString(), venue: 'Aula BKPSDM', instructorId: instructor.id } },
      asInstructor,
    );

    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const apiKey = await partnerApiKey(t, university.id);
    const otherKey = await partnerApiKey(t, university.id, 'Kunci lain');
    const keys = await t.ok(`query ($o: ID!) { apiKeys(organizationId: $o) { edges { node { id name } } } }`, { o: university.id }, { token: await t.adminToken() });
    const seminar = await publishSeminar(t, { apiKey });
    const registration = await t.ok(`mutation ($s: ID!) { registerForSeminar(seminarId: $s) { id } }`, { s: seminar.id }, asLearner);
    const feed = await t.ok(`mutation { rotateCalendarFeedToken { url } }`, {}, asLearner);
    const certificates = await t.ok(`{ myCertificates { verificationCode } }`, {}, asLearner);
    const jpExport = await t.ok(`mutation ($o: ID!) { requestJpExport(organizationId: $o) { id } }`, { o: agency.id }, asAdmin);

    credentials.anonymous = {};
    credentials.learner = asLearner;
    credentials.instructor = asInstructor;
    credentials.admin = asAdmin;
    credentials.partner = { apiKey };
    const session = await learner.login();
    secrets.push(
      ...[learner, instructor, admin, otherLearner, otherInstructor].flatMap((person) => [person.email, person.password, person.nip ?? '']),
      t.admin.email,
      t.admin.password,
      learnerToken,
      asInstructor.token,
      asAdmin.token,
      session.accessToken,
      session.refreshToken,
      apiKey,
      otherKey,
      String(feed.rotateCalendarFeedToken.url).replace(/^.*\/|\.ics$/g, ''),
    );

    pools = {
      marker: `penanda${randomBytes(4).toString('hex')}`,
      ids: {
        apiKey: keys.apiKeys.edges.filter((edge: { node: { name: string } }) => edge.node.name === 'Kunci lain').map((edge: { node: { id: string } }) => edge.node.id),
        course: [course.id, draft.id, other.id, completedCourse.id],
        module: [module.id, draftModule.id],
        prerequisiteModule: [module.id, draftModule.id],
        material: [text.id, link.id, quiz.id, assignment.id],
        question: questions.map((question) => question.id),
        option: questions.flatMap((question) => question.options.map((option) => option.id)),
        attempt: [attempt.startQuizAttempt.id],
        cohort: [cohort.id],
        cohortSession: [classroom.addCohortSession.id],
        session: [classroom.addCohortSession.id, ...seminar.sessions.map((s: { id: string }) => s.id)],
        enrollment: [enrollment.id, completed.id],
        submission: [submission.id],
        comment: [comment.commentOnSubmission.id],
        coachingNote: [note.addCoachingNote.id],
        organization: [agency.id, university.id],
        parent: [agency.id],
        organizer: [university.id],
        audienceOrganization: [agency.id],
        seminar: [seminar.id],
        registration: [registration.registerForSeminar.id],
        jpExport: [jpExport.requestJpExport.id],
        instructor: [instructor.id, otherInstructor.id],
        user: [otherLearner.id, otherInstructor.id],
      },
      values: {
        'login.email': [learner.email, instructor.email, admin.email, otherLearner.email],
        'login.password': [learner.password, otherLearner.password],
        'course.code': [course.code, draft.code],
        'verifyCertificate.code': certificates.myCertificates.map((certificate: { verificationCode: string }) => certificate.verificationCode),
        nips: [learner.nip, otherLearner.nip],
        questionCode: ['P1', 'P2', 'P3', 'W1', 'W2'],
      },
    };
  }, 120_000);
  afterAll(() => t?.stop());

  it('answers thousands of generated operations without an internal error, a 5xx or a stack trace', async () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const generator = new OperationGenerator(schema, seededRandom(SEED), pools);
    const roles: Role[] = ['anonymous', 'learner', 'instructor', 'admin', 'partner'];
    const planned: { operation: FuzzOperation; role: Role }[] = [];
    for (const { operationType, field } of generator.fields()) {
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const role of roles) for (const hostility of HOSTILITY) planned.push({ operation: generator.operation(operationType, field, hostility), role });
      }
    }

    const outcomes = await runAll(planned, (item) => send(t.url, item.operation, item.role, credentials[item.role]), CONCURRENCY);

    const totals = new Map<string, number>();
    for (const outcome of outcomes) {
      const key = `${outcome.status} ${firstCode(outcome.text)}`;
      totals.set(key, (totals.get(key) ?? 0) + 1);
    }
    process.stdout.write(
      `schema fuzzing (seed ${SEED}): ${outcomes.length} operations over ${generator.fields().length} fields\n` +
        [...totals].sort((a, b) => b[1] - a[1]).map(([key, count]) => `  ${key}: ${count}`).join('\n') +
        '\n',
    );
    const failures = outcomes.filter((outcome) => outcome.problem);
    if (failures.length) {
      process.stdout.write(`FAILURES (seed ${SEED}):\n${failures.slice(0, 15).map(describeFailure).join('\n')}\n`);
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(2_000);
    expect(failures.map((failure) => `${failure.role} ${failure.operation.field}: ${failure.problem} (seed ${SEED})`)).toEqual([]);
    // The run did reach resolvers: plenty of operations were answered without any error.
    expect(totals.get('200 OK') ?? 0).toBeGreaterThan(200);
  }, 300_000 * ROUNDS);

  it('left no personal data, secret or submitted value in any log line', async () => {
    // The failure paths a probe would take too: a wrong password, a forged refresh token, a bad
    // bearer token and API key, and the personal calendar feed, whose URL is its key.
    await t.gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: people.learner.email, p: 'salah-tebak-123' });
    await t.gql('mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken } }', { r: `${pools.marker}.palsu` });
    await t.gql('{ me { id } }', {}, { token: `${pools.marker}.palsu.token` });
    await t.gql('{ me { id } }', {}, { apiKey: `${pools.marker}-kunci` });
    const feed = await t.ok(`mutation { rotateCalendarFeedToken { url } }`, {}, credentials.learner);
    const feedToken = String(feed.rotateCalendarFeedToken.url).replace(/^.*\/|\.ics$/g, '');
    expect((await fetch(`http://127.0.0.1:${t.app.port}/calendar/users/${feedToken}.ics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${t.app.port}/calendar/users/${pools.marker}.ics`)).status).toBe(404);

    expect(lines.length).toBeGreaterThan(1_000);
    const leaks = [...secrets.filter(Boolean), feedToken, pools.marker].flatMap((secret) =>
      lines.filter((line) => line.includes(secret)).map((line) => `${secret.slice(0, 12)}… in ${line.slice(0, 400)}`),
    );
    expect(leaks).toEqual([]);
  });
});

async function send(url: string, operation: FuzzOperation, role: Role, credentials: Credentials): Promise<Outcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  if (credentials.apiKey) headers.authorization = `ApiKey ${credentials.apiKey}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: operation.query, variables: operation.variables }) });
  const text = await response.text();
  return { operation, role, status: response.status, text, problem: problemOf(response.status, text) };
}

function problemOf(status: number, text: string): string | undefined {
  if (status >= 500) return `HTTP ${status}`;
  if (STACK_TRACE.test(text)) return 'a stack trace in the answer';
  let body: { errors?: { message?: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return 'an answer that is not JSON';
  }
  const bad = body.errors?.find((error) => !error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR');
  return bad ? `error code ${bad.extensions?.code ?? '(none)'}: ${truncate(String(bad.message), 200)}` : undefined;
}

function firstCode(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.length ? (body.errors[0].extensions?.code ?? '(none)') : 'OK';
  } catch {
    return '(not JSON)';
  }
}

const truncate = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

function describeFailure(outcome: Outcome): string {
  return [
    `- ${outcome.problem} as ${outcome.role}`,
    `  operation: ${truncate(outcome.operation.query)}`,
    `  variables: ${truncate(JSON.stringify(outcome.operation.variables))}`,
    `  answer (${outcome.status}): ${truncate(outcome.text)}`,
  ].join('\n');
}

/** Runs `task` over the items, at most `limit` at a time, answering results in item order. */
async function runAll<T, R>(items: T[], task: (item: T) => Promise<R>, limit: number): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}
