import type { Auth } from '../../api/session';
import { CourseEditor } from './course-editor';
import { CourseList, NewCourse } from './course-list';
import { teachPaths } from './shared';

const COURSE = /^\/course\/([\w-]+)$/;

/**
 * The instructor's area (`/teach/…`): their courses, authoring, uploads, the review queue and
 * cohort progress. `rest` is the path below `/teach`; the area routes its own screens.
 */
export function TeachArea({ auth, rest, onSessionEnded }: { auth: Auth; rest: string; onSessionEnded: () => void }) {
  const path = rest.replace(/\/+$/, '') || '/';
  if (path === teachPaths.newCourse) return <NewCourse auth={auth} onSessionEnded={onSessionEnded} />;
  const course = COURSE.exec(path);
  if (course) return <CourseEditor key={course[1]} auth={auth} courseId={course[1]} onSessionEnded={onSessionEnded} />;
  return <CourseList auth={auth} onSessionEnded={onSessionEnded} />;
}
