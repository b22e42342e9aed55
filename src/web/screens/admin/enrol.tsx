import { useEffect, useRef, useState } from 'preact/hooks';
import { CourseCohortsQuery, CreateCohortMutation, EnrollAgencyMutation, EnrollLearnersMutation, OrganizationsQuery, PublishedCoursesQuery } from '../../api/admin-operations';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import type { EnrollResultFieldsFragment, EnrollOutcome } from '../../gql/graphql';
import { formatDay, formatNumber } from '../../i18n';
import { LoadStatus } from '../status';
import { useQuery } from '../use-query';
import { FormError, useAction } from './shared';

interface ChosenCohort {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  seatsLeft?: number | null;
  course: { id: string; title: string };
}

/** YYYY-MM-DD, `days` from today on this device. */
const dayFromToday = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

/**
 * Enrolment by BKPSDM: first the cohort (angkatan) to enrol into, a new one of a published course
 * or one of the course's existing cohorts, then an agency or a list of NIPs; the answer is shown
 * per NIP as the API reports it.
 */
export function EnrolScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [cohort, setCohort] = useState<ChosenCohort | undefined>();
  return (
    <>
      <h1>{t.enrolTitle}</h1>
      <p class="muted">{t.enrolIntro}</p>
      {cohort ? (
        <section class="card" aria-labelledby="cohort-heading">
          <h2 id="cohort-heading">{t.cohortStep}</h2>
          <ChosenCohortSummary cohort={cohort} />
          <button type="button" class="link" onClick={() => setCohort(undefined)}>
            {t.cohortChange}
          </button>
        </section>
      ) : (
        <CohortStep auth={auth} onChosen={setCohort} onSessionEnded={onSessionEnded} />
      )}
      {cohort && <LearnersStep key={cohort.id} auth={auth} cohort={cohort} onSessionEnded={onSessionEnded} />}
    </>
  );
}

function ChosenCohortSummary({ cohort }: { cohort: ChosenCohort }) {
  const { t, language } = useUi();
  return (
    <p data-testid="chosen-cohort">
      <strong>{cohort.name}</strong> · {cohort.course.title}
      <br />
      <span class="small muted">
        {t.cohortDates(formatDay(language, cohort.startsOn), formatDay(language, cohort.endsOn))}
        {cohort.seatsLeft !== null && cohort.seatsLeft !== undefined && ` · ${t.seatsLeft(formatNumber(language, cohort.seatsLeft))}`}
      </span>
      <br />
      <span class="small muted">{t.cohortId(cohort.id)}</span>
    </p>
  );
}

function CohortStep({ auth, onChosen, onSessionEnded }: { auth: Auth; onChosen: (cohort: ChosenCohort) => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [courses, reload] = useQuery(auth, PublishedCoursesQuery, {}, onSessionEnded);
  const action = useAction(onSessionEnded);
  const [courseId, setCourseId] = useState('');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState(dayFromToday(0));
  const [endsOn, setEndsOn] = useState(dayFromToday(30));
  const [capacity, setCapacity] = useState('');
  const [picked, setPicked] = useState<ChosenCohort | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (mode === 'new') {
      if (!courseId || !name.trim() || !startsOn || !endsOn) return action.setError(t.fillRequired);
      const created = await action.run(() =>
        auth.run(CreateCohortMutation, {
          courseId,
          input: { name: name.trim(), startsOn, endsOn, capacity: capacity ? Number(capacity) : null, enrollmentOpen: true },
        }),
      );
      if (created) onChosen(created.createCohort);
    } else {
      if (!courseId || !picked) return action.setError(t.fillRequired);
      onChosen(picked);
    }
  };

  return (
    <section class="card" aria-labelledby="cohort-heading">
      <h2 id="cohort-heading">{t.cohortStep}</h2>
      <form class="stack" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t.cohortChoice}</legend>
          <label class="choice">
            <input type="radio" name="cohort-mode" checked={mode === 'new'} onChange={() => setMode('new')} />
            {t.cohortNew}
          </label>
          <label class="choice">
            <input type="radio" name="cohort-mode" checked={mode === 'existing'} onChange={() => setMode('existing')} />
            {t.cohortExisting}
          </label>
        </fieldset>
        <LoadStatus loaded={courses} onRetry={reload} />
        {courses.state === 'done' && (
          <label>
            {t.enrolCourse}
            <select
              required
              value={courseId}
              onChange={(event) => {
                setCourseId(event.currentTarget.value);
                setPicked(undefined);
              }}
            >
              <option value="">{t.chooseCourse}</option>
              {courses.data.courses.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.title} ({node.code})
                </option>
              ))}
            </select>
          </label>
        )}
        {mode === 'new' ? (
          <>
            <label>
              {t.cohortName}
              <input required value={name} placeholder={t.cohortNameExample} onInput={(event) => setName(event.currentTarget.value)} />
            </label>
            <div class="pair">
              <label>
                {t.cohortStartsOn}
                <input type="date" required value={startsOn} onInput={(event) => setStartsOn(event.currentTarget.value)} />
              </label>
              <label>
                {t.cohortEndsOn}
                <input type="date" required value={endsOn} onInput={(event) => setEndsOn(event.currentTarget.value)} />
              </label>
            </div>
            <label>
              {t.cohortCapacity}
              <input type="number" min={1} inputMode="numeric" value={capacity} aria-describedby="capacity-hint" onInput={(event) => setCapacity(event.currentTarget.value)} />
            </label>
            <p id="capacity-hint" class="small muted">
              {t.cohortCapacityHint}
            </p>
          </>
        ) : (
          courseId && <CohortPicker key={courseId} auth={auth} courseId={courseId} picked={picked} onPick={setPicked} onSessionEnded={onSessionEnded} />
        )}
        <FormError text={action.error} />
        <button type="submit" class="primary" disabled={action.busy}>
          {mode === 'new' ? t.cohortCreate : t.cohortUse}
        </button>
      </form>
    </section>
  );
}

/** The chosen course's cohorts, the latest first, to pick one from. */
function CohortPicker({
  auth,
  courseId,
  picked,
  onPick,
  onSessionEnded,
}: {
  auth: Auth;
  courseId: string;
  picked?: ChosenCohort;
  onPick: (cohort: ChosenCohort | undefined) => void;
  onSessionEnded: () => void;
}) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, CourseCohortsQuery, { courseId }, onSessionEnded);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const cohorts = loaded.data.course?.cohorts ?? [];
  if (cohorts.length === 0) return <p class="notice">{t.cohortNone}</p>;
  return (
    <label>
      {t.enrolCohort}
      <select required value={picked?.id ?? ''} onChange={(event) => onPick(cohorts.find((cohort) => cohort.id === event.currentTarget.value))}>
        <option value="">{t.chooseCohort}</option>
        {cohorts.map((cohort) => (
          <option key={cohort.id} value={cohort.id}>
            {cohort.name} · {t.cohortDates(formatDay(language, cohort.startsOn), formatDay(language, cohort.endsOn))}
            {cohort.seatsLeft !== null && cohort.seatsLeft !== undefined ? ` · ${t.seatsLeft(formatNumber(language, cohort.seatsLeft))}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * NIPs as pasted: one a line (commas and semicolons split too), blank lines dropped. Spaces inside
 * a line go: NIPs are often written grouped ("19850101 201001 1 001").
 */
export function nipsOf(text: string): string[] {
  return text
    .split(/[\r\n,;]+/)
    .map((nip) => nip.replace(/\s+/g, ''))
    .filter(Boolean);
}

function LearnersStep({ auth, cohort, onSessionEnded }: { auth: Auth; cohort: ChosenCohort; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [mode, setMode] = useState<'nips' | 'agency'>('nips');
  const [nips, setNips] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [agencies, reload] = useQuery(auth, OrganizationsQuery, { kind: 'AGENCY' }, onSessionEnded);
  const action = useAction(onSessionEnded);
  const [result, setResult] = useState<EnrollResultFieldsFragment | undefined>();
  const n = (value: number) => formatNumber(language, value);
  // The cohort form that had the focus is gone: the next step takes it, so keyboards and screen readers go on here.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setResult(undefined);
    if (mode === 'nips') {
      const list = nipsOf(nips);
      if (!list.length) return action.setError(t.nipsRequired);
      if (list.length > 1000) return action.setError(t.nipsTooMany(n(1000)));
      const done = await action.run(() => auth.run(EnrollLearnersMutation, { cohortId: cohort.id, nips: list }));
      if (done) setResult(done.enrollLearners);
    } else {
      if (!agencyId) return action.setError(t.fillRequired);
      const done = await action.run(() => auth.run(EnrollAgencyMutation, { cohortId: cohort.id, organizationId: agencyId }));
      if (done) setResult(done.enrollAgency);
    }
  };

  return (
    <section class="card" aria-labelledby="learners-heading">
      <h2 id="learners-heading" ref={heading} tabIndex={-1}>
        {t.learnersStep}
      </h2>
      <form class="stack" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t.learnersChoice}</legend>
          <label class="choice">
            <input type="radio" name="learners-mode" checked={mode === 'nips'} onChange={() => setMode('nips')} />
            {t.learnersByNip}
          </label>
          <label class="choice">
            <input type="radio" name="learners-mode" checked={mode === 'agency'} onChange={() => setMode('agency')} />
            {t.learnersByAgency}
          </label>
        </fieldset>
        {mode === 'nips' ? (
          <>
            <label>
              {t.nipsLabel}
              <textarea rows={6} value={nips} spellcheck={false} aria-describedby="nips-hint" onInput={(event) => setNips(event.currentTarget.value)} />
            </label>
            <p id="nips-hint" class="small muted">
              {t.nipsHint}
            </p>
          </>
        ) : (
          <>
            <LoadStatus loaded={agencies} onRetry={reload} />
            {agencies.state === 'done' && (
              <label>
                {t.agencyLabel}
                <select required value={agencyId} onChange={(event) => setAgencyId(event.currentTarget.value)}>
                  <option value="">{t.chooseAgency}</option>
                  {agencies.data.organizations.edges.map(({ node }) => (
                    <option key={node.id} value={node.id}>
                      {node.parent ? `${node.name} (${node.parent.name})` : node.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <p class="small muted">{t.agencyHint}</p>
          </>
        )}
        <FormError text={action.error} />
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? t.enrollingOthers : t.enrolSubmit}
        </button>
      </form>
      <div aria-live="polite">{result && <EnrolResult result={result} />}</div>
    </section>
  );
}

const FAILED: EnrollOutcome[] = ['UNKNOWN_NIP', 'INVALID_NIP', 'COHORT_FULL'];

function EnrolResult({ result }: { result: EnrollResultFieldsFragment }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const failed = result.unknownNip + result.invalidNip + result.cohortFull;
  return (
    <div class="enrol-result" data-testid="enrol-result">
      <h3>{t.enrolResultHeading}</h3>
      <p>{t.enrolSummary(n(result.enrolled), n(result.alreadyEnrolled), n(failed))}</p>
      {result.entries.length > 0 && (
        <div class="scroll" role="region" aria-label={t.enrolResultHeading} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.nipAndName}</th>
                <th scope="col">{t.enrolOutcomeHeading}</th>
              </tr>
            </thead>
            <tbody>
              {result.entries.map((entry, index) => (
                <tr key={`${entry.nip ?? ''}-${entry.user?.id ?? index}`} class={FAILED.includes(entry.outcome) ? 'failed' : undefined}>
                  <td>
                    <span class="nip">{entry.nip ?? '—'}</span>
                    {entry.user && <span class="small who">{entry.user.name}</span>}
                  </td>
                  <td>{t.enrollOutcome[entry.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
