import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import { areaPath, onLinkClick } from '../../router';
import { CohortProgress } from './cohort';
import { CourseEditor } from './course-editor';
import { CourseList, NewCourse } from './course-list';
import { ReviewQueue, ReviewScreen } from './review';
import { teachPaths } from './shared';

const COURSE = /^\/course\/([\w-]+)$/;
const REVIEW = /^\/review\/([\w-]+)$/;
const COHORT = /^\/cohort\/([\w-]+)$/;

/**
 * The instructor's area (`/teach/…`): their courses, authoring, uploads, the review queue and a
 * cohort's progress.
 * `rest` is the path below `/teach`; the area routes its own screens.
 */
export function TeachArea({ auth, rest, onSessionEnded }: { auth: Auth; rest: string; onSessionEnded: () => void }) {
  const path = rest.replace(/\/+$/, '') || '/';
  if (path === teachPaths.newCourse) return <NewCourse auth={auth} onSessionEnded={onSessionEnded} />;
  const course = COURSE.exec(path);
  if (course) return <CourseEditor key={course[1]} auth={auth} courseId={course[1]} onSessionEnded={onSessionEnded} />;
  const review = REVIEW.exec(path);
  if (review) return <ReviewScreen key={review[1]} auth={auth} submissionId={review[1]} onSessionEnded={onSessionEnded} />;
  const cohort = COHORT.exec(path);
  if (cohort) return <CohortProgress key={cohort[1]} auth={auth} cohortId={cohort[1]} onSessionEnded={onSessionEnded} />;
  const queue = path === teachPaths.reviews;
  return (
    <>
      <TeachNav current={queue ? 'reviews' : 'courses'} />
      {queue ? <ReviewQueue auth={auth} onSessionEnded={onSessionEnded} /> : <CourseList auth={auth} onSessionEnded={onSessionEnded} />}
    </>
  );
}

/** The area's two lists: the courses one teaches, and the work waiting for one's review. */
function TeachNav({ current }: { current: 'courses' | 'reviews' }) {
  const { t } = useUi();
  return (
    <nav class="teach-nav" aria-label={t.teachNavLabel}>
      <a href={areaPath('teach')} onClick={onLinkClick} aria-current={current === 'courses' ? 'page' : undefined}>
        {t.teachNavCourses}
      </a>
      <a href={areaPath('teach', teachPaths.reviews)} onClick={onLinkClick} aria-current={current === 'reviews' ? 'page' : undefined}>
        {t.teachNavReviews}
      </a>
    </nav>
  );
}
