import { TeachCreateCourseMutation, TeachCoursesQuery } from '../../api/teach-operations';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import type { CompetencyType, DeliveryMode } from '../../gql/graphql';
import { formatNumber } from '../../i18n';
import { areaPath, navigate, onLinkClick } from '../../router';
import { LoadStatus } from '../status';
import { FailureNote, formValues, teachPaths, useAction, useFreshQuery } from './shared';

/** The courses the person teaches, in any status, with the way to each one's editor. */
export function CourseList({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useFreshQuery(auth, TeachCoursesQuery, {}, onSessionEnded);
  const me = loaded.state === 'done' ? loaded.data.viewer.user?.id : undefined;
  // `courses` also lists every published course and the organization's drafts: keep the person's own.
  const mine = loaded.state === 'done' ? loaded.data.courses.edges.map((edge) => edge.node).filter((course) => course.instructors.some((person) => person.id === me)) : [];
  return (
    <>
      <h1>{t.teachCoursesTitle}</h1>
      <div class="actions teach-top">
        <a class="button" href={areaPath('teach', teachPaths.newCourse)} onClick={onLinkClick}>
          {t.teachNewCourse}
        </a>
      </div>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && (
        <>
          {mine.length === 0 && <p class="muted">{t.teachNoCourses}</p>}
          <ul class="plain" aria-label={t.teachCoursesTitle}>
            {mine.map((course) => (
              <li key={course.id} class="card">
                <h2 class="h3">
                  <a href={areaPath('teach', teachPaths.course(course.id))} onClick={onLinkClick}>
                    {course.title}
                  </a>
                </h2>
                <span class={`tag status-${course.status.toLowerCase()}`}>{t.teachCourseStatus[course.status]}</span>
                <span class="tag">{course.code}</span>
                <span class="tag">{t.teachModuleCount(formatNumber(language, course.modules.length))}</span>
                {course.status === 'DRAFT' && course.reviewNote && <p class="small notice">{t.teachReturnedNote(course.reviewNote)}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const COMPETENCIES: CompetencyType[] = ['TEKNIS', 'MANAJERIAL', 'SOSIAL_KULTURAL'];
const DELIVERY_MODES: DeliveryMode[] = ['ONLINE', 'BLENDED', 'CLASSROOM'];

export interface CourseDetails {
  title: string;
  summary: string;
  description: string;
  competency: CompetencyType;
  jp: number;
  deliveryMode: DeliveryMode;
}

/** The fields a course's author fills in; the code only when creating (it never changes). */
export function CourseFields({ course, withCode }: { course?: CourseDetails; withCode?: boolean }) {
  const { t } = useUi();
  return (
    <>
      {withCode && (
        <label>
          {t.teachCourseCode}
          <input name="code" required pattern="[A-Za-z0-9\-]+" maxLength={40} aria-describedby="course-code-hint" />
          <span id="course-code-hint" class="small muted hint">
            {t.teachCourseCodeHint}
          </span>
        </label>
      )}
      <label>
        {t.teachCourseTitle}
        <input name="title" required maxLength={200} defaultValue={course?.title} />
      </label>
      <label>
        {t.teachCourseSummary}
        <input name="summary" maxLength={500} defaultValue={course?.summary} />
      </label>
      <label>
        {t.teachCourseDescription}
        <textarea name="description" rows={4} defaultValue={course?.description} />
      </label>
      <label>
        {t.teachCourseCompetency}
        {/* A select has no defaultValue in the DOM (Preact would set nothing): the option says it is chosen. */}
        <select name="competency">
          {COMPETENCIES.map((value) => (
            <option key={value} value={value} selected={value === (course?.competency ?? 'TEKNIS')}>
              {t.competency[value]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.teachCourseJp}
        <input name="jp" type="number" min={0} step="0.5" required inputMode="decimal" defaultValue={course ? String(course.jp) : undefined} />
      </label>
      <label>
        {t.teachCourseDelivery}
        <select name="deliveryMode">
          {DELIVERY_MODES.map((value) => (
            <option key={value} value={value} selected={value === (course?.deliveryMode ?? 'ONLINE')}>
              {t.deliveryMode[value]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** The course's details from its form. */
export function courseDetailsOf(values: Record<string, string>): CourseDetails {
  return {
    title: values.title ?? '',
    summary: values.summary ?? '',
    description: values.description ?? '',
    competency: values.competency as CompetencyType,
    jp: Number(values.jp),
    deliveryMode: values.deliveryMode as DeliveryMode,
  };
}

export function NewCourse({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const { busy, error, run } = useAction(onSessionEnded);
  const submit = async (event: Event) => {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    const created = await run(() => auth.run(TeachCreateCourseMutation, { input: { code: values.code ?? '', ...courseDetailsOf(values) } }));
    if (created) navigate(areaPath('teach', teachPaths.course(created.createCourse.id)));
  };
  return (
    <section class="card" aria-labelledby="new-course-title">
      <p>
        <a href={areaPath('teach')} onClick={onLinkClick}>
          {t.teachBackToCourses}
        </a>
      </p>
      <h1 id="new-course-title">{t.teachNewCourse}</h1>
      <FailureNote error={error} />
      <form class="stack" onSubmit={submit}>
        <CourseFields withCode />
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t.teachSaving : t.teachCreateCourse}
        </button>
      </form>
    </section>
  );
}
