import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Auth } from '../../api/session';
import {
  TeachAddMaterialMutation,
  TeachAddModuleMutation,
  TeachCourseCohortsQuery,
  TeachMoveMaterialMutation,
  TeachMoveModuleMutation,
  TeachRemoveMaterialMutation,
  TeachRemoveModuleMutation,
  TeachSubmitCourseForReviewMutation,
  TeachCourseQuery,
  TeachUpdateCourseMutation,
  TeachUpdateMaterialMutation,
  TeachUpdateModuleMutation,
} from '../../api/teach-operations';
import { useUi } from '../../context';
import type { MaterialKind, TeachCourseQuery as TeachCourse, TeachMaterialFieldsFragment } from '../../gql/graphql';
import { formatBytes, formatNumber } from '../../i18n';
import { areaPath, onLinkClick } from '../../router';
import { LoadStatus } from '../status';
import { CourseFields, courseDetailsOf } from './course-list';
import { MaterialUpload } from './material-upload';
import { FailureNote, formValues, optionalInt, teachPaths, useAction, useFreshQuery } from './shared';

type Course = NonNullable<TeachCourse['course']>;
type Module = Course['modules'][number];
type Material = TeachMaterialFieldsFragment;

const KINDS: MaterialKind[] = ['VIDEO', 'DOCUMENT', 'SLIDES', 'AUDIO', 'IMAGE', 'TEXT', 'LINK'];
/** Kinds whose content is an uploaded file. */
export const FILE_KINDS: readonly MaterialKind[] = ['VIDEO', 'DOCUMENT', 'SLIDES', 'AUDIO', 'IMAGE'];

/** A day (YYYY-MM-DD, already in the cohort's time zone). */
const formatDay = (language: string, day: string) =>
  new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/**
 * After a move or a removal the course is loaded again and its list drawn anew: once the answer
 * shows the change (`done`), the focus goes to the first of `focus` (element ids) that can take
 * it, so a keyboard user stays where they were working (and can press "move up" again).
 */
interface Arranged {
  done: (course: Course) => boolean;
  focus: string[];
}

const positionOf = (course: Course, id: string) =>
  course.modules.find((module) => module.id === id)?.position ??
  course.modules.flatMap((module) => module.materials).find((material) => material.id === id)?.position;

/**
 * One course for its author: its details, modules and materials (each editable, movable and
 * removable while the course is a DRAFT), file uploads for materials, submitting it for review,
 * and once it is published its cohorts with the way to each one's progress.
 */
export function CourseEditor({ auth, courseId, onSessionEnded }: { auth: Auth; courseId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useFreshQuery(auth, TeachCourseQuery, { id: courseId }, onSessionEnded);
  const [announcement, setAnnouncement] = useState('');
  const [arranged, setArranged] = useState<Arranged | undefined>();
  useEffect(() => {
    if (!arranged || loaded.state !== 'done' || !loaded.data.course || !arranged.done(loaded.data.course)) return;
    for (const id of arranged.focus) {
      const element = document.getElementById(id) as HTMLButtonElement | null;
      if (element && !element.disabled) {
        element.focus();
        break;
      }
    }
    setArranged(undefined);
  }, [loaded, arranged]);
  const onArranged = (next: Arranged, message: string) => {
    setArranged(next);
    setAnnouncement(message);
    reload();
  };
  const back = (
    <p>
      <a href={areaPath('teach')} onClick={onLinkClick}>
        {t.teachBackToCourses}
      </a>
    </p>
  );
  if (loaded.state !== 'done') return (
    <>
      {back}
      <LoadStatus loaded={loaded} onRetry={reload} />
    </>
  );
  const course = loaded.data.course;
  if (!course) return (
    <>
      {back}
      <p class="card">{t.teachCourseNotFound}</p>
    </>
  );
  const editable = course.status === 'DRAFT';
  const common = { auth, onSessionEnded, onChanged: reload, editable, onArranged };
  return (
    <>
      {back}
      <h1>{course.title}</h1>
      <p>
        <span class={`tag status-${course.status.toLowerCase()}`} data-testid="course-status">
          {t.teachCourseStatus[course.status]}
        </span>
        <span class="tag">{course.code}</span>
      </p>
      {loaded.stale && (
        <p class="notice" role="status">
          {t.teachStale}
        </p>
      )}
      {editable && course.reviewNote && <p class="notice">{t.teachReturnedNote(course.reviewNote)}</p>}
      {!editable && <p class="notice">{t.teachNotEditable(t.teachCourseStatus[course.status])}</p>}
      <CourseDetailsCard course={course} {...common} />
      {(course.status === 'PUBLISHED' || course.status === 'ARCHIVED') && <CourseCohorts auth={auth} courseId={course.id} onSessionEnded={onSessionEnded} />}
      <h2 id="modules-heading" tabIndex={-1}>
        {t.modulesHeading}
      </h2>
      <div role="status" aria-live="polite" data-testid="arrange-status">
        {announcement && <p class="success">{announcement}</p>}
      </div>
      {course.modules.length === 0 && <p class="muted">{t.teachNoModules}</p>}
      <ol class="plain">
        {course.modules.map((module) => (
          <li key={module.id}>
            <ModuleCard module={module} modules={course.modules} {...common} />
          </li>
        ))}
      </ol>
      {editable && <AddModule courseId={course.id} modules={course.modules} {...common} />}
      {editable && <SubmitForReview course={course} {...common} />}
    </>
  );
}

interface Common {
  auth: Auth;
  onSessionEnded: () => void;
  onChanged: () => void;
  editable: boolean;
  onArranged: (arranged: Arranged, message: string) => void;
}

/** The course's cohorts (angkatan), the latest first, each a link to its learners' progress. */
function CourseCohorts({ auth, courseId, onSessionEnded }: { auth: Auth; courseId: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useFreshQuery(auth, TeachCourseCohortsQuery, { id: courseId }, onSessionEnded);
  const cohorts = loaded.state === 'done' ? (loaded.data.course?.cohorts ?? []) : [];
  return (
    <section class="card" aria-labelledby="course-cohorts">
      <h2 id="course-cohorts" class="h3">
        {t.teachCohortsHeading}
      </h2>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' &&
        (cohorts.length === 0 ? (
          <p class="muted">{t.teachCohortsEmpty}</p>
        ) : (
          <>
            <p class="small muted">{t.teachCohortsIntro}</p>
            <ul class="plain teach-cohorts" aria-labelledby="course-cohorts">
              {cohorts.map((cohort) => (
                <li key={cohort.id}>
                  <a href={areaPath('teach', teachPaths.cohort(cohort.id))} onClick={onLinkClick}>
                    {cohort.name}
                  </a>
                  <p class="small muted">
                    {t.teachCohortDates(formatDay(language, cohort.startsOn), formatDay(language, cohort.endsOn))} · {t.teachCohortLearners(formatNumber(language, cohort.enrolledCount))}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

/**
 * Move up, move down and remove for a module or a material of a draft: real buttons (Enter and
 * Space work), each named after its item; removal asks first, with the focus on the safe answer.
 */
function Arrange({
  id,
  name,
  position,
  count,
  confirmText,
  move,
  remove,
  onMoved,
  onRemoved,
  onSessionEnded,
  children,
}: {
  id: string;
  /** The item as a label names it: 'modul “Rekaman Kelas”'. */
  name: string;
  position: number;
  count: number;
  confirmText: string;
  move: (position: number) => Promise<unknown>;
  remove: () => Promise<unknown>;
  onMoved: (position: number, pressed: 'up' | 'down') => void;
  onRemoved: () => void;
  onSessionEnded: () => void;
  /** Buttons that go first in the same row (the item's "edit"). */
  children?: ComponentChildren;
}) {
  const { t } = useUi();
  const { busy, error, run } = useAction(onSessionEnded);
  const [confirming, setConfirming] = useState(false);
  const safeAnswer = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // In the same task as the render: the button that had the focus is gone, and the keyboard must
  // not land on the page's start even for a moment. The question takes it; cancelling gives it back.
  useLayoutEffect(() => {
    if (confirming) {
      asked.current = true;
      safeAnswer.current?.focus();
    } else if (asked.current) {
      asked.current = false;
      removeButton.current?.focus();
    }
  }, [confirming]);
  const moveTo = async (target: number, pressed: 'up' | 'down') => {
    // Not disabled while busy: a focused button that turns disabled drops the keyboard's focus.
    if (busy) return;
    if (await run(() => move(target))) onMoved(target, pressed);
  };
  const confirm = async () => {
    if (busy) return;
    if (await run(() => remove())) onRemoved();
  };
  return (
    <div class="teach-arrange" role="group" aria-label={t.teachArrangeLabel(name)}>
      <FailureNote error={error} />
      {confirming ? (
        <div class="teach-confirm" role="group" aria-label={confirmText}>
          <p>{confirmText}</p>
          <div class="teach-buttons">
            <button class="primary danger" type="button" onClick={confirm}>
              {busy ? t.teachRemoving : t.teachRemoveYes}
            </button>
            <button class="secondary" type="button" ref={safeAnswer} onClick={() => setConfirming(false)}>
              {t.teachCancel}
            </button>
          </div>
        </div>
      ) : (
        <div class="teach-buttons">
          {children}
          <button id={`move-up-${id}`} class="secondary" type="button" disabled={position <= 1} aria-label={t.teachMoveUpLabel(name)} onClick={() => moveTo(position - 1, 'up')}>
            <span aria-hidden="true">↑ </span>
            {t.teachMoveUp}
          </button>
          <button id={`move-down-${id}`} class="secondary" type="button" disabled={position >= count} aria-label={t.teachMoveDownLabel(name)} onClick={() => moveTo(position + 1, 'down')}>
            <span aria-hidden="true">↓ </span>
            {t.teachMoveDown}
          </button>
          <button id={`remove-${id}`} ref={removeButton} class="secondary" type="button" aria-label={t.teachRemoveLabel(name)} onClick={() => setConfirming(true)}>
            {t.teachRemove}
          </button>
        </div>
      )}
    </div>
  );
}

/** Where the focus goes after a move: the button pressed, or its pair once the item reached an end. */
const afterMove = (id: string, position: number, pressed: 'up' | 'down'): Arranged => ({
  done: (course) => positionOf(course, id) === position,
  focus: pressed === 'up' ? [`move-up-${id}`, `move-down-${id}`] : [`move-down-${id}`, `move-up-${id}`],
});

function CourseDetailsCard({ course, auth, onSessionEnded, onChanged, editable }: Common & { course: Course }) {
  const { t, language } = useUi();
  const [editing, setEditing] = useState(false);
  const { busy, error, run } = useAction(onSessionEnded);
  const save = async (event: Event) => {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (await run(() => auth.run(TeachUpdateCourseMutation, { id: course.id, input: courseDetailsOf(values) }))) {
      setEditing(false);
      onChanged();
    }
  };
  return (
    <section class="card" aria-labelledby="course-details">
      <h2 id="course-details" class="h3">
        {t.teachCourseDetails}
      </h2>
      {editing ? (
        <form class="stack" onSubmit={save}>
          <FailureNote error={error} />
          <CourseFields course={course} />
          <div class="teach-buttons">
            <button class="primary" type="submit" disabled={busy}>
              {busy ? t.teachSaving : t.teachSave}
            </button>
            <button class="secondary" type="button" onClick={() => setEditing(false)}>
              {t.teachCancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          {course.summary && <p>{course.summary}</p>}
          <span class="tag">{t.competency[course.competency]}</span>
          <span class="tag">{t.deliveryMode[course.deliveryMode]}</span>
          <span class="tag">{t.jpAmount(formatNumber(language, course.jp))}</span>
          {editable && (
            <div class="actions">
              <button class="secondary" type="button" onClick={() => setEditing(true)}>
                {t.teachEditDetails}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The course's modules a module may name as its prerequisite: all but itself (the API refuses loops). */
function ModuleFields({ module, modules }: { module?: Module; modules: Module[] }) {
  const { t, language } = useUi();
  const others = modules.filter((other) => other.id !== module?.id);
  const prerequisiteId = `prerequisite-${module?.id ?? 'new'}`;
  return (
    <>
      <label>
        {t.teachModuleTitle}
        <input name="title" required maxLength={200} defaultValue={module?.title} />
      </label>
      <label>
        {t.teachModuleSummary}
        <input name="summary" maxLength={500} defaultValue={module?.summary} />
      </label>
      <label>
        {t.teachMinutes}
        <input name="estimatedMinutes" type="number" min={1} inputMode="numeric" defaultValue={module?.estimatedMinutes ? String(module.estimatedMinutes) : undefined} />
      </label>
      {others.length > 0 && (
        <>
          <label for={prerequisiteId}>{t.teachModulePrerequisite}</label>
          <select id={prerequisiteId} name="prerequisiteModuleId">
            <option value="" selected={!module?.prerequisite}>
              {t.teachNoPrerequisite}
            </option>
            {others.map((other) => (
              <option key={other.id} value={other.id} selected={other.id === module?.prerequisite?.id}>
                {t.moduleHeading(formatNumber(language, other.position), other.title)}
              </option>
            ))}
          </select>
        </>
      )}
    </>
  );
}

/** Every field of ModuleInput, prerequisite included: updateModule takes one left out as "none". */
const moduleInput = (values: Record<string, string>) => ({
  title: values.title ?? '',
  summary: values.summary ?? '',
  estimatedMinutes: optionalInt(values.estimatedMinutes),
  prerequisiteModuleId: values.prerequisiteModuleId ?? null,
});

function ModuleCard({ module, modules, auth, onSessionEnded, onChanged, editable, onArranged }: Common & { module: Module; modules: Module[] }) {
  const moduleCount = modules.length;
  const prerequisite = modules.find((other) => other.id === module.prerequisite?.id);
  const { t, language } = useUi();
  const [editing, setEditing] = useState(false);
  const { busy, error, run } = useAction(onSessionEnded);
  const heading = t.moduleHeading(formatNumber(language, module.position), module.title);
  const save = async (event: Event) => {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (await run(() => auth.run(TeachUpdateModuleMutation, { id: module.id, input: moduleInput(values) }))) {
      setEditing(false);
      onChanged();
    }
  };
  return (
    <section class="card" aria-label={heading}>
      <h3 id={`module-heading-${module.id}`} tabIndex={-1}>
        {heading}
      </h3>
      {editing ? (
        <form class="stack" onSubmit={save}>
          <FailureNote error={error} />
          <ModuleFields module={module} modules={modules} />
          <div class="teach-buttons">
            <button class="primary" type="submit" disabled={busy}>
              {busy ? t.teachSaving : t.teachSave}
            </button>
            <button class="secondary" type="button" onClick={() => setEditing(false)}>
              {t.teachCancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          {module.summary && <p class="muted">{module.summary}</p>}
          {prerequisite && (
            <p class="muted small" data-testid="module-prerequisite">
              {t.teachPrerequisiteOf(prerequisite.title)}
            </p>
          )}
          {editable && (
            <Arrange
              id={module.id}
              name={t.teachModuleNamed(module.title)}
              position={module.position}
              count={moduleCount}
              confirmText={t.teachRemoveModuleConfirm(module.title)}
              move={(position) => auth.run(TeachMoveModuleMutation, { id: module.id, position })}
              remove={() => auth.run(TeachRemoveModuleMutation, { id: module.id })}
              onMoved={(position, pressed) => onArranged(afterMove(module.id, position, pressed), t.teachModuleMoved(module.title, formatNumber(language, position)))}
              onRemoved={() => onArranged({ done: (course) => positionOf(course, module.id) === undefined, focus: ['modules-heading'] }, t.teachModuleRemoved(module.title))}
              onSessionEnded={onSessionEnded}
            >
              <button class="secondary" type="button" onClick={() => setEditing(true)} aria-label={t.teachEditModuleLabel(module.title)}>
                {t.teachEdit}
              </button>
            </Arrange>
          )}
        </>
      )}
      {module.materials.length === 0 && <p class="muted small">{t.teachNoMaterials}</p>}
      <ul class="plain teach-materials">
        {module.materials.map((material) => (
          <li key={material.id}>
            <MaterialItem
              material={material}
              materialCount={module.materials.length}
              moduleId={module.id}
              auth={auth}
              onSessionEnded={onSessionEnded}
              onChanged={onChanged}
              editable={editable}
              onArranged={onArranged}
            />
          </li>
        ))}
      </ul>
      {editable && <AddMaterial moduleId={module.id} moduleTitle={module.title} auth={auth} onSessionEnded={onSessionEnded} onChanged={onChanged} editable={editable} onArranged={onArranged} />}
    </section>
  );
}

function AddModule({ courseId, modules, auth, onSessionEnded, onChanged }: Common & { courseId: string; modules: Module[] }) {
  const { t } = useUi();
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction(onSessionEnded);
  const add = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (await run(() => auth.run(TeachAddModuleMutation, { courseId, input: moduleInput(formValues(form)) }))) {
      form.reset();
      setOpen(false);
      onChanged();
    }
  };
  if (!open)
    return (
      <div class="actions">
        <button class="secondary" type="button" onClick={() => setOpen(true)}>
          {t.teachAddModule}
        </button>
      </div>
    );
  return (
    <section class="card" aria-labelledby="add-module">
      <h3 id="add-module">{t.teachAddModule}</h3>
      <FailureNote error={error} />
      <form class="stack" onSubmit={add}>
        <ModuleFields modules={modules} />
        <div class="teach-buttons">
          <button class="primary" type="submit" disabled={busy}>
            {busy ? t.teachSaving : t.teachAddModuleSubmit}
          </button>
          <button class="secondary" type="button" onClick={() => setOpen(false)}>
            {t.teachCancel}
          </button>
        </div>
      </form>
    </section>
  );
}

function MaterialFields({ material, kind, onKind }: { material?: Material; kind: MaterialKind; onKind?: (kind: MaterialKind) => void }) {
  const { t } = useUi();
  return (
    <>
      <label>
        {t.teachMaterialTitle}
        <input name="title" required maxLength={200} defaultValue={material?.title} />
      </label>
      <label>
        {t.teachMaterialKind}
        {/* The kind is chosen once: a file or a quiz belongs to it. */}
        <select name="kind" value={kind} disabled={Boolean(material)} onChange={(event) => onKind?.((event.currentTarget as HTMLSelectElement).value as MaterialKind)}>
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {t.materialKind[value]}
            </option>
          ))}
        </select>
      </label>
      {kind === 'TEXT' && (
        <label>
          {t.teachMaterialBody}
          <textarea name="body" rows={6} defaultValue={material?.body ?? undefined} />
        </label>
      )}
      {kind === 'LINK' && (
        <label>
          {t.teachMaterialUrl}
          <input name="url" type="url" required inputMode="url" defaultValue={material?.url ?? undefined} />
        </label>
      )}
      <label>
        {t.teachMinutes}
        <input name="estimatedMinutes" type="number" min={1} inputMode="numeric" defaultValue={material?.estimatedMinutes ? String(material.estimatedMinutes) : undefined} />
      </label>
      <label class="check">
        <input name="required" type="checkbox" value="yes" defaultChecked={material ? material.required : true} />
        {t.teachMaterialRequired}
      </label>
    </>
  );
}

const materialInput = (values: Record<string, string>, kind: MaterialKind) => ({
  title: values.title ?? '',
  kind,
  required: values.required === 'yes',
  estimatedMinutes: optionalInt(values.estimatedMinutes),
  body: kind === 'TEXT' ? (values.body ?? '') : null,
  url: kind === 'LINK' ? (values.url ?? '') : null,
});

function AddMaterial({ moduleId, moduleTitle, auth, onSessionEnded, onChanged }: Common & { moduleId: string; moduleTitle: string }) {
  const { t } = useUi();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<MaterialKind>('VIDEO');
  const { busy, error, run } = useAction(onSessionEnded);
  const add = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (await run(() => auth.run(TeachAddMaterialMutation, { moduleId, input: materialInput(formValues(form), kind) }))) {
      form.reset();
      setOpen(false);
      onChanged();
    }
  };
  if (!open)
    return (
      <div class="actions">
        <button class="secondary" type="button" onClick={() => setOpen(true)} aria-label={t.teachAddMaterialLabel(moduleTitle)}>
          {t.teachAddMaterial}
        </button>
      </div>
    );
  return (
    <form class="stack teach-subform" onSubmit={add} aria-label={t.teachAddMaterialLabel(moduleTitle)}>
      <FailureNote error={error} />
      <MaterialFields kind={kind} onKind={setKind} />
      <div class="teach-buttons">
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t.teachSaving : t.teachAddMaterialSubmit}
        </button>
        <button class="secondary" type="button" onClick={() => setOpen(false)}>
          {t.teachCancel}
        </button>
      </div>
    </form>
  );
}

function MaterialItem({
  material: given,
  materialCount,
  moduleId,
  auth,
  onSessionEnded,
  onChanged,
  editable,
  onArranged,
}: Common & { material: Material; materialCount: number; moduleId: string }) {
  const { t, language } = useUi();
  const [editing, setEditing] = useState(false);
  // An upload's answer replaces the material at once, before the course is loaded again.
  const [uploaded, setUploaded] = useState<Material | undefined>();
  const material = uploaded && uploaded.id === given.id && (uploaded.currentVersion?.version ?? 0) >= (given.currentVersion?.version ?? 0) ? uploaded : given;
  const { busy, error, run } = useAction(onSessionEnded);
  const save = async (event: Event) => {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (await run(() => auth.run(TeachUpdateMaterialMutation, { id: material.id, input: materialInput(values, material.kind) }))) {
      setEditing(false);
      onChanged();
    }
  };
  const file = material.currentVersion;
  const isFile = FILE_KINDS.includes(material.kind);
  return (
    <article class="teach-material" aria-label={material.title}>
      <div class="row">
        <strong>{material.title}</strong>
        <span class={`tag ${material.status === 'READY' ? 'status-published' : 'status-draft'}`}>{material.status === 'READY' ? t.teachMaterialReady : t.teachMaterialAwaitingFile}</span>
      </div>
      <p class="small muted">
        {t.materialKind[material.kind]}
        {material.estimatedMinutes ? ` · ${t.minutes(formatNumber(language, material.estimatedMinutes))}` : ''}
        {material.required ? '' : ` · ${t.optional}`}
      </p>
      {file && (
        <p class="small" data-testid="material-file">
          {t.teachFileVersion(formatNumber(language, file.version), file.filename, formatBytes(language, file.size))}
        </p>
      )}
      {editing ? (
        <form class="stack teach-subform" onSubmit={save}>
          <FailureNote error={error} />
          <MaterialFields material={material} kind={material.kind} />
          <div class="teach-buttons">
            <button class="primary" type="submit" disabled={busy}>
              {busy ? t.teachSaving : t.teachSave}
            </button>
            <button class="secondary" type="button" onClick={() => setEditing(false)}>
              {t.teachCancel}
            </button>
          </div>
        </form>
      ) : (
        editable && (
          <Arrange
            id={material.id}
            name={t.teachMaterialNamed(material.title)}
            position={material.position}
            count={materialCount}
            confirmText={t.teachRemoveMaterialConfirm(material.title)}
            move={(position) => auth.run(TeachMoveMaterialMutation, { id: material.id, position })}
            remove={() => auth.run(TeachRemoveMaterialMutation, { id: material.id })}
            onMoved={(position, pressed) => onArranged(afterMove(material.id, position, pressed), t.teachMaterialMoved(material.title, formatNumber(language, position)))}
            onRemoved={() => onArranged({ done: (course) => positionOf(course, material.id) === undefined, focus: [`module-heading-${moduleId}`] }, t.teachMaterialRemoved(material.title))}
            onSessionEnded={onSessionEnded}
          >
            <button class="secondary" type="button" onClick={() => setEditing(true)} aria-label={t.teachEditMaterialLabel(material.title)}>
              {t.teachEdit}
            </button>
          </Arrange>
        )
      )}
      {editable && isFile && <MaterialUpload
          auth={auth}
          material={material}
          onSessionEnded={onSessionEnded}
          onUploaded={(answer) => {
            setUploaded(answer);
            // The course too: whether it may be submitted depends on every material's file.
            onChanged();
          }}
        />}
    </article>
  );
}

function SubmitForReview({ course, auth, onSessionEnded, onChanged }: Common & { course: Course }) {
  const { t } = useUi();
  const { busy, error, run } = useAction(onSessionEnded);
  const waiting = course.modules.flatMap((module) => module.materials).filter((material) => material.status !== 'READY').length;
  const submit = async () => {
    if (await run(() => auth.run(TeachSubmitCourseForReviewMutation, { id: course.id }))) onChanged();
  };
  return (
    <section class="card" aria-labelledby="submit-review">
      <h2 id="submit-review" class="h3">
        {t.teachSubmitHeading}
      </h2>
      <p class="muted">{waiting > 0 ? t.teachSubmitWaiting(String(waiting)) : t.teachSubmitIntro}</p>
      <FailureNote error={error} />
      <button class="primary" type="button" disabled={busy} onClick={submit}>
        {busy ? t.teachSubmitting : t.teachSubmit}
      </button>
    </section>
  );
}
