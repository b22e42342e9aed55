import { useEffect, useRef, useState } from 'preact/hooks';
import { OfflineError } from '../api/client';
import { EnrollMutation } from '../api/operations';
import { CatalogueOrganizationsQuery, CatalogueQuery } from '../api/seminar-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { CatalogueQuery as CatalogueData, CompetencyType, CourseFilter, DeliveryMode, EnrollmentStatus } from '../gql/graphql';
import { formatNumber } from '../i18n';
import { coursePath, navigate, onLinkClick } from '../router';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

/** One page: what a phone shows at once without a long first answer; more come on request. */
const PAGE = 20;
const COMPETENCIES: CompetencyType[] = ['TEKNIS', 'MANAJERIAL', 'SOSIAL_KULTURAL'];
const MODES: DeliveryMode[] = ['ONLINE', 'BLENDED', 'CLASSROOM'];

type Courses = CatalogueData['courses'];
type Course = Courses['edges'][number]['node'];

/** What the learner searches for: kept in the address (`?q=…&competency=…`), so a reload or a shared link shows the same. */
interface Search {
  q: string;
  competency?: CompetencyType;
  deliveryMode?: DeliveryMode;
  organizationId?: string;
}

function readSearch(): Search {
  const params = new URLSearchParams(location.search);
  const oneOf = <T extends string>(values: T[], value: string | null) => values.find((known) => known === value);
  return {
    q: params.get('q') ?? '',
    competency: oneOf(COMPETENCIES, params.get('competency')),
    deliveryMode: oneOf(MODES, params.get('mode')),
    organizationId: params.get('organization') || undefined,
  };
}

function searchPath(search: Search): string {
  const params = new URLSearchParams();
  if (search.q.trim()) params.set('q', search.q.trim());
  if (search.competency) params.set('competency', search.competency);
  if (search.deliveryMode) params.set('mode', search.deliveryMode);
  if (search.organizationId) params.set('organization', search.organizationId);
  const query = params.toString();
  return `/catalogue${query ? `?${query}` : ''}`;
}

const filterOf = (search: Search): CourseFilter => ({
  search: search.q.trim() || undefined,
  competency: search.competency,
  deliveryMode: search.deliveryMode,
  organizationId: search.organizationId,
});
const filtersOn = (search: Search) => [search.competency, search.deliveryMode, search.organizationId].filter(Boolean).length;

/**
 * Published courses with a search and filters that the server runs (its Indonesian full-text
 * search: a phone never downloads the whole catalogue), a page at a time; each course with a
 * button to enrol, or a link once enrolled.
 */
export function CatalogueScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [search, setSearch] = useState(readSearch);
  // Back and forward move between searches; the header's link to the catalogue clears it.
  useEffect(() => {
    const update = () => setSearch(readSearch());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  const [loaded, reload] = useQuery(auth, CatalogueQuery, { first: PAGE, filter: filterOf(search) }, onSessionEnded);
  // Pages after the first, and enrolments made here: kept on the screen instead of loading the list again.
  const [later, setLater] = useState<{ edges: Courses['edges']; pageInfo: Courses['pageInfo'] } | undefined>();
  const [enrolled, setEnrolled] = useState<Record<string, EnrollmentStatus>>({});
  // The first course of a page loaded with "more" takes the focus: the button may be gone (the last
  // page), and a screen reader starts reading where the new courses begin.
  const [firstLoaded, setFirstLoaded] = useState<string | undefined>();
  useEffect(() => setLater(undefined), [loaded]);

  const n = (value: number) => formatNumber(language, value);
  const searching = Boolean(search.q.trim()) || filtersOn(search) > 0;
  // A new search is a new entry in the history (navigate's popstate sets it); the same one again loads afresh.
  const apply = (next: Search) => {
    const path = searchPath(next);
    if (location.pathname + location.search === path) reload();
    else navigate(path);
  };

  let body = null;
  let summary = '';
  if (loaded.state === 'done') {
    const { totalCount } = loaded.data.courses;
    const edges = [...loaded.data.courses.edges, ...(later?.edges ?? [])];
    const pageInfo = later?.pageInfo ?? loaded.data.courses.pageInfo;
    summary = searching ? (totalCount ? t.catalogueFound(n(totalCount)) : t.catalogueNoMatch) : totalCount ? t.catalogueCount(n(totalCount)) : t.catalogueEmpty;
    body = (
      <>
        <ul class="plain">
          {edges.map(({ node: course }) => (
            <CourseCard
              key={course.id}
              auth={auth}
              course={course}
              status={enrolled[course.id] ?? course.myEnrollment?.status}
              focused={course.id === firstLoaded}
              onEnrolled={(status) => setEnrolled({ ...enrolled, [course.id]: status })}
              onSessionEnded={onSessionEnded}
            />
          ))}
        </ul>
        {pageInfo.hasNextPage && pageInfo.endCursor && (
          <MorePages
            auth={auth}
            search={search}
            after={pageInfo.endCursor}
            shown={t.catalogueShowing(n(edges.length), n(totalCount))}
            onPage={(page) => {
              setFirstLoaded(page.edges[0]?.node.id);
              setLater({ edges: [...(later?.edges ?? []), ...page.edges], pageInfo: page.pageInfo });
            }}
            onSessionEnded={onSessionEnded}
          />
        )}
      </>
    );
  }

  return (
    <>
      <h1>{t.catalogueTitle}</h1>
      <SearchForm key={searchPath(search)} auth={auth} search={search} onApply={apply} onSessionEnded={onSessionEnded} />
      <LoadStatus loaded={loaded} onRetry={reload} />
      {/* Always there, so screen readers hear each search's result count. */}
      <p class="muted" role="status">
        {summary}
      </p>
      {body}
    </>
  );
}

function SearchForm({ auth, search, onApply, onSessionEnded }: { auth: Auth; search: Search; onApply: (search: Search) => void; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [draft, setDraft] = useState(search);
  // Open when a filter is on (after a reload too), so what narrows the list is never hidden.
  const [open, setOpen] = useState(filtersOn(search) > 0);
  const active = filtersOn(search);
  const anything = Boolean(search.q.trim()) || active > 0;
  return (
    <form
      class="card search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <label for="catalogue-q">{t.catalogueSearchLabel}</label>
      <div class="search-row">
        <input id="catalogue-q" type="search" name="q" value={draft.q} aria-describedby="catalogue-q-hint" onInput={(event) => setDraft({ ...draft, q: event.currentTarget.value })} />
        <button type="submit" class="primary">
          {t.catalogueSearchSubmit}
        </button>
      </div>
      <p id="catalogue-q-hint" class="muted small">
        {t.catalogueSearchHint}
      </p>
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>{active ? t.catalogueFiltersActive(formatNumber(language, active)) : t.catalogueFilters}</summary>
        <div class="filters">
          <label>
            {t.catalogueCompetencyLabel}
            <select value={draft.competency ?? ''} onChange={(event) => setDraft({ ...draft, competency: (event.currentTarget.value || undefined) as CompetencyType | undefined })}>
              <option value="">{t.catalogueAny}</option>
              {COMPETENCIES.map((value) => (
                <option key={value} value={value}>
                  {t.competency[value]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.catalogueDeliveryModeLabel}
            <select value={draft.deliveryMode ?? ''} onChange={(event) => setDraft({ ...draft, deliveryMode: (event.currentTarget.value || undefined) as DeliveryMode | undefined })}>
              <option value="">{t.catalogueAny}</option>
              {MODES.map((value) => (
                <option key={value} value={value}>
                  {t.deliveryMode[value]}
                </option>
              ))}
            </select>
          </label>
          {open && <OrganizationSelect auth={auth} value={draft.organizationId} onChange={(organizationId) => setDraft({ ...draft, organizationId })} onSessionEnded={onSessionEnded} />}
          <button type="submit" class="primary">
            {t.catalogueSearchSubmit}
          </button>
        </div>
      </details>
      {anything && (
        <button type="button" class="link" onClick={() => onApply({ q: '' })}>
          {t.catalogueClear}
        </button>
      )}
    </form>
  );
}

/** The organisations are asked for only once the filters are opened: most visits never need them. */
function OrganizationSelect({ auth, value, onChange, onSessionEnded }: { auth: Auth; value?: string; onChange: (id?: string) => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded] = useQuery(auth, CatalogueOrganizationsQuery, {}, onSessionEnded);
  const organizations = loaded.state === 'done' ? loaded.data.organizations.edges.map((edge) => edge.node) : [];
  return (
    <label>
      {t.catalogueOrganizationLabel}
      <select value={value ?? ''} disabled={loaded.state !== 'done'} onChange={(event) => onChange(event.currentTarget.value || undefined)}>
        <option value="">{loaded.state === 'loading' ? t.loading : t.catalogueAny}</option>
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function MorePages({ auth, search, after, shown, onPage, onSessionEnded }: { auth: Auth; search: Search; after: string; shown: string; onPage: (page: Courses) => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const more = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onPage((await auth.run(CatalogueQuery, { first: PAGE, after, filter: filterOf(search) })).courses);
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(failure instanceof OfflineError ? t.offline : t.somethingWrong);
    }
    setBusy(false);
  };
  return (
    <div class="actions">
      <p class="muted">{shown}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="primary" aria-disabled={busy || undefined} onClick={more}>
        {busy ? t.loadingMore : t.loadMore}
      </button>
    </div>
  );
}

function CourseCard({
  auth,
  course,
  status,
  focused,
  onEnrolled,
  onSessionEnded,
}: {
  auth: Auth;
  course: Course;
  status?: EnrollmentStatus;
  focused?: boolean;
  onEnrolled: (status: EnrollmentStatus) => void;
  onSessionEnded: () => void;
}) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focused) heading.current?.focus();
  }, [focused]);
  // The enrol button is gone once it worked: the course's new link takes the focus (saying it is
  // enrolled), so a keyboard or a screen reader keeps its place instead of starting again at the top.
  const link = useRef<HTMLAnchorElement>(null);
  const [justEnrolled, setJustEnrolled] = useState(false);
  useEffect(() => {
    if (justEnrolled) link.current?.focus();
  }, [justEnrolled]);
  const stateId = `enrolment-${course.id}`;
  return (
    <li class="card">
      <h2 class="h3" ref={heading} tabIndex={focused ? -1 : undefined}>
        {course.title}
      </h2>
      <p>{course.summary}</p>
      <p class="muted small">{t.catalogueOrganizer(course.organization.name)}</p>
      <span class="tag">{t.competency[course.competency]}</span>
      <span class="tag">{t.deliveryMode[course.deliveryMode]}</span>
      <span class="tag">{t.jpAmount(n(course.jp))}</span>
      {status && status !== 'WITHDRAWN' ? (
        <>
          <span class="tag" id={stateId}>
            {status === 'COMPLETED' ? t.completed : t.enrolled}
          </span>
          <div class="actions">
            <a ref={link} class="button" href={coursePath(course.id)} onClick={onLinkClick} aria-label={t.openCourseLabel(course.title)} aria-describedby={stateId}>
              {t.openCourse}
            </a>
          </div>
        </>
      ) : (
        <EnrollButton
          auth={auth}
          course={course}
          onEnrolled={(next) => {
            setJustEnrolled(true);
            onEnrolled(next);
          }}
          onSessionEnded={onSessionEnded}
        />
      )}
    </li>
  );
}

function EnrollButton({ auth, course, onEnrolled, onSessionEnded }: { auth: Auth; course: { id: string; title: string }; onEnrolled: (status: EnrollmentStatus) => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const enroll = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onEnrolled((await auth.run(EnrollMutation, { courseId: course.id })).enroll.status);
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(failure instanceof OfflineError ? t.offline : t.enrollFailed);
      setBusy(false);
    }
  };
  return (
    <div class="actions">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {/* aria-disabled, not disabled, while it works: a disabled button would drop the keyboard's focus to the page.
          Its name is its visible text while busy (WCAG 2.5.3). */}
      <button type="button" class="primary" aria-disabled={busy || undefined} aria-label={busy ? undefined : t.enrollLabel(course.title)} onClick={enroll}>
        {busy ? t.enrolling : t.enroll}
      </button>
    </div>
  );
}
