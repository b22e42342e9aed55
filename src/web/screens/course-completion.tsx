import { CourseCompletionQuery } from '../api/learner-operations';
import type { Auth } from '../api/session';
import { useUi } from '../context';
import { certificatePath, evaluationPath, onLinkClick } from '../router';
import { useQuery } from './use-query';

// Apart from the certificate screen, which the course page must not pull into its chunk.
/**
 * On the page of a completed course: the certificate, and the evaluation while it is not filled in.
 * Asked for only once the course is completed, so a course in progress costs no extra request.
 */
export function CourseCompletion({ auth, courseId, onSessionEnded }: { auth: Auth; courseId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded] = useQuery(auth, CourseCompletionQuery, { courseId }, onSessionEnded);
  const enrollment = loaded.state === 'done' ? loaded.data.course?.myEnrollment : undefined;
  if (!enrollment || enrollment.status !== 'COMPLETED') return null;
  return (
    <section class="card done" aria-labelledby="course-done">
      <h2 id="course-done" class="h3">
        {t.courseCompleted}
      </h2>
      {!enrollment.myEvaluation && <p>{t.evaluationInvite}</p>}
      <p class="links">
        {enrollment.certificate && (
          <a class="button" href={certificatePath(courseId)} onClick={onLinkClick}>
            {t.viewCertificate}
          </a>
        )}
        {!enrollment.myEvaluation && (
          <a href={evaluationPath(courseId)} onClick={onLinkClick}>
            {t.fillEvaluation}
          </a>
        )}
      </p>
    </section>
  );
}
