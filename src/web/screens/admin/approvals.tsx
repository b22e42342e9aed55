import { useState } from 'preact/hooks';
import { CourseUnderReviewQuery, CoursesInReviewQuery, PublishCourseMutation, ReturnCourseToDraftMutation } from '../../api/admin-operations';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import { formatNumber } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import { Markdown } from '../markdown';
import { LoadStatus } from '../status';
import { useQuery } from '../use-query';
import { adminPaths } from './paths';
import { FormError, useAction } from './shared';

/** Courses their authors submitted (IN_REVIEW), each leading to its review. */
export function ApprovalsScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, CoursesInReviewQuery, {}, onSessionEnded);
  const n = (value: number) => formatNumber(language, value);
  return (
    <>
      <h1>{t.approvalsTitle}</h1>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && (
        <>
          <p class="muted">{loaded.data.courses.totalCount ? t.approvalsCount(n(loaded.data.courses.totalCount)) : t.approvalsEmpty}</p>
          <ul class="plain" data-testid="approvals">
            {loaded.data.courses.edges.map(({ node: course }) => (
              <li key={course.id} class="card">
                <h2 class="h3">
                  <a href={adminPaths.review(course.id)} onClick={onLinkClick}>
                    {course.title}
                  </a>
                </h2>
                <p class="small muted">
                  {course.code} · {course.organization.name}
                  {course.instructors.length > 0 && ` · ${course.instructors.map((person) => person.name).join(', ')}`}
                </p>
                <p>{course.summary}</p>
                <span class="tag">{t.jpAmount(n(course.jp))}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** One course under review: everything a learner would get, then the decision. */
export function ReviewCourseScreen({ auth, courseId, onDecided, onSessionEnded }: { auth: Auth; courseId: string; onDecided: (notice: string) => void; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, CourseUnderReviewQuery, { id: courseId }, onSessionEnded);
  const n = (value: number) => formatNumber(language, value);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const course = loaded.data.course;
  if (!course) return <p class="card">{t.notFound}</p>;
  const materials = course.modules.reduce((sum, module) => sum + module.materials.length, 0);
  return (
    <>
      <p>
        <a href={adminPaths.approvals()} onClick={onLinkClick}>
          {t.backToApprovals}
        </a>
      </p>
      <h1>{course.title}</h1>
      <section class="card" aria-label={t.courseSummaryLabel}>
        <p class="small muted">
          {course.code} · {course.organization.name}
        </p>
        {course.instructors.length > 0 && <p class="small">{t.courseInstructors(course.instructors.map((person) => person.name).join(', '))}</p>}
        <p>{course.summary}</p>
        <span class="tag">{t.competency[course.competency]}</span>
        <span class="tag">{t.deliveryMode[course.deliveryMode]}</span>
        <span class="tag">{t.jpAmount(n(course.jp))}</span>
        {course.tags.map((tag) => (
          <span key={tag} class="tag">
            {tag}
          </span>
        ))}
        <p class="small muted">{t.courseSize(n(course.modules.length), n(materials))}</p>
        <details>
          <summary>{t.courseDescription}</summary>
          <Markdown source={course.description} />
        </details>
      </section>

      <h2>{t.modulesHeading}</h2>
      <ol class="plain">
        {course.modules.map((module) => (
          <li key={module.id} class="card">
            <h3>{t.moduleHeading(String(module.position), module.title)}</h3>
            {module.summary && <p class="muted">{module.summary}</p>}
            {module.prerequisite && <p class="small">{t.modulePrerequisite(module.prerequisite.title)}</p>}
            {module.materials.length === 0 ? (
              <p class="small muted">{t.moduleEmpty}</p>
            ) : (
              <ul class="materials">
                {module.materials.map((material) => {
                  const href = material.downloadUrl ?? material.url;
                  return (
                    <li key={material.id} class="material">
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer">
                          {material.title} <span class="muted">{t.newTab}</span>
                        </a>
                      ) : (
                        <span>{material.title}</span>
                      )}
                      <span class="small muted">
                        {[t.materialKind[material.kind], material.estimatedMinutes ? t.minutes(n(material.estimatedMinutes)) : '', material.required ? '' : t.optional]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      {material.status === 'AWAITING_UPLOAD' && <span class="state">{t.awaitingUpload}</span>}
                      {material.body && (
                        <details class="text-body">
                          <summary>{t.readMaterial(material.title)}</summary>
                          <Markdown source={material.body} />
                        </details>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ol>

      {course.status === 'IN_REVIEW' ? (
        <Decision auth={auth} course={course} onDecided={onDecided} onSessionEnded={onSessionEnded} />
      ) : (
        <p class="notice">{t.courseNotInReview(t.courseStatus[course.status])}</p>
      )}
    </>
  );
}

/** Approve, or return to draft with a reason its authors will read (the server wants one too). */
function Decision({ auth, course, onDecided, onSessionEnded }: { auth: Auth; course: { id: string; title: string }; onDecided: (notice: string) => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const action = useAction(onSessionEnded);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const publish = async () => {
    const done = await action.run(() => auth.run(PublishCourseMutation, { id: course.id }));
    if (!done) return;
    onDecided(t.coursePublished(course.title));
    navigate(adminPaths.approvals());
  };
  const returnToDraft = async (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonMissing(true);
      document.getElementById('return-reason')?.focus();
      return;
    }
    const done = await action.run(() => auth.run(ReturnCourseToDraftMutation, { id: course.id, reason: reason.trim() }));
    if (!done) return;
    onDecided(t.courseReturned(course.title));
    navigate(adminPaths.approvals());
  };
  return (
    <section class="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading">{t.decisionHeading}</h2>
      <FormError text={action.error} />
      <p>{t.publishHint}</p>
      <button type="button" class="primary" disabled={action.busy} onClick={publish}>
        {t.publishCourse}
      </button>
      <form class="stack decision" onSubmit={returnToDraft} noValidate>
        <label>
          {t.returnReason}
          <textarea
            id="return-reason"
            rows={4}
            value={reason}
            required
            aria-invalid={reasonMissing}
            aria-describedby={reasonMissing ? 'return-reason-error' : 'return-reason-hint'}
            onInput={(event) => {
              setReason(event.currentTarget.value);
              setReasonMissing(false);
            }}
          />
        </label>
        {reasonMissing ? (
          <p id="return-reason-error" class="error" role="alert">
            {t.returnReasonRequired}
          </p>
        ) : (
          <p id="return-reason-hint" class="small muted">
            {t.returnReasonHint}
          </p>
        )}
        <button type="submit" class="secondary" disabled={action.busy}>
          {t.returnToDraft}
        </button>
      </form>
    </section>
  );
}
