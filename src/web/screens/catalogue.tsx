import type { Auth } from '../api/session';
import { CatalogueQuery } from '../api/operations';
import { useUi } from '../context';
import { formatNumber } from '../i18n';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

/** Published courses, first page (enrolling and search come with the course screen). */
export function CatalogueScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, CatalogueQuery, { first: 50 }, onSessionEnded);
  const n = (value: number) => formatNumber(language, value);
  return (
    <>
      <h1>{t.catalogueTitle}</h1>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && (
        <>
          <p class="muted">{loaded.data.courses.totalCount ? t.catalogueCount(n(loaded.data.courses.totalCount)) : t.catalogueEmpty}</p>
          <ul class="plain">
            {loaded.data.courses.edges.map(({ node: course }) => (
              <li key={course.id} class="card">
                <h2 class="h3">{course.title}</h2>
                <p>{course.summary}</p>
                <span class="tag">{t.competency[course.competency] ?? course.competency}</span>
                <span class="tag">{t.deliveryMode[course.deliveryMode] ?? course.deliveryMode}</span>
                <span class="tag">{t.jpAmount(n(course.jp))}</span>
                {course.myEnrollment && course.myEnrollment.status !== 'WITHDRAWN' && (
                  <span class="tag">{course.myEnrollment.status === 'COMPLETED' ? t.completed : t.enrolled}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
