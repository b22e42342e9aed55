import type { Auth } from '../../api/session';
import { TeachCohortQuery } from '../../api/teach-operations';
import { useUi } from '../../context';
import { formatNumber } from '../../i18n';
import { areaPath, onLinkClick } from '../../router';
import { LoadStatus, Meter } from '../status';
import { formatDateTime, useFreshQuery } from './shared';

/** A calendar day (YYYY-MM-DD, already in the cohort's time zone). */
const formatDay = (language: string, day: string) =>
  new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** A cohort's learners for its staff: each one's percent, last activity, and who is stuck. */
export function CohortProgress({ auth, cohortId, onSessionEnded }: { auth: Auth; cohortId: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useFreshQuery(auth, TeachCohortQuery, { id: cohortId }, onSessionEnded);
  const n = (value: number) => formatNumber(language, value);
  const back = (
    <p>
      <a href={areaPath('teach')} onClick={onLinkClick}>
        {t.teachBackToCourses}
      </a>
    </p>
  );
  if (loaded.state !== 'done')
    return (
      <>
        {back}
        <LoadStatus loaded={loaded} onRetry={reload} />
      </>
    );
  const cohort = loaded.data.cohort;
  if (!cohort)
    return (
      <>
        {back}
        <p class="card">{t.teachCohortNotFound}</p>
      </>
    );
  // Stuck learners first: they are who the instructor should reach out to.
  const learners = [...cohort.learnerProgress].sort((a, b) => Number(b.stuck) - Number(a.stuck) || a.percent - b.percent);
  const stuck = learners.filter((learner) => learner.stuck).length;
  return (
    <>
      {back}
      <h1>{cohort.name}</h1>
      <p class="muted">
        {cohort.course.title} · {t.teachCohortDates(formatDay(language, cohort.startsOn), formatDay(language, cohort.endsOn))}
      </p>
      <p>
        <span class="tag">{t.teachCohortLearners(n(cohort.enrolledCount))}</span>
        {stuck > 0 && <span class="tag status-draft">{t.teachCohortStuckCount(n(stuck))}</span>}
      </p>
      <LearningGain gain={cohort.learningGain} />
      {learners.length === 0 && <p class="muted">{t.teachCohortEmpty}</p>}
      <ul class="plain" aria-label={t.teachCohortProgressLabel(cohort.name)}>
        {learners.map((learner) => (
          <li key={learner.user.id} class="card">
            <div class="row">
              <strong>{learner.user.name}</strong>
              {learner.completed ? <span class="tag status-published">{t.completed}</span> : learner.stuck ? <span class="tag status-draft">{t.teachStuck}</span> : null}
            </div>
            <Meter percent={learner.percent} label={t.courseProgressLabel(learner.user.name)} text={t.percentDone(n(learner.percent))} />
            <p class="small muted">
              {t.percentDone(n(learner.percent))} · {learner.lastActivityAt ? t.teachLastActivity(formatDateTime(language, learner.lastActivityAt)) : t.teachNoActivity}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Pre-test against post-test over the learners who took both: what the cohort learned. */
function LearningGain({ gain }: { gain: { learners: number; averagePre?: number | null; averagePost?: number | null; averageGain?: number | null } }) {
  const { t, language } = useUi();
  const percent = (value?: number | null) => (value === null || value === undefined ? '–' : `${formatNumber(language, value)}%`);
  const signed = (value?: number | null) =>
    value === null || value === undefined ? '–' : t.teachGainPoints(`${value > 0 ? '+' : ''}${formatNumber(language, value)}`);
  return (
    <section class="card" aria-labelledby="learning-gain" data-testid="learning-gain">
      <h2 id="learning-gain" class="h3">
        {t.teachGainHeading}
      </h2>
      {gain.learners === 0 ? (
        <p class="muted">{t.teachGainNone}</p>
      ) : (
        <>
          <dl class="figures">
            <div>
              <dt>{t.teachGainPre}</dt>
              <dd>{percent(gain.averagePre)}</dd>
            </div>
            <div>
              <dt>{t.teachGainPost}</dt>
              <dd>{percent(gain.averagePost)}</dd>
            </div>
            <div>
              <dt>{t.teachGainChange}</dt>
              <dd>{signed(gain.averageGain)}</dd>
            </div>
          </dl>
          <p class="small muted">{t.teachGainLearners(formatNumber(language, gain.learners))}</p>
        </>
      )}
    </section>
  );
}
