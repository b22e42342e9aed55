import type { LocalFile } from './files';
import type { CourseFields, CourseItem, LocalMaterial, LocalModule } from './model';
import { Ids, type ItemPlan, movesFor, type Publisher, type RunContext, type Step, uploadFile } from './plan';
import * as Q from './queries';
import { quizInput, quizMatches, type RemoteQuiz } from './quiz-diff';

export interface RemoteMaterial {
  id: string;
  title: string;
  kind: string;
  required: boolean;
  estimatedMinutes: number | null;
  body: string | null;
  url: string | null;
  currentVersion: { sha256: string } | null;
  quiz: RemoteQuiz | null;
}
export interface RemoteModule {
  id: string;
  title: string;
  summary: string;
  estimatedMinutes: number | null;
  prerequisite: { id: string; title: string } | null;
  materials: RemoteMaterial[];
}
export interface RemoteCourse extends CourseFields {
  id: string;
  status: string;
  coverSha256: string | null;
  organization: { id: string; name: string };
  modules: RemoteModule[];
}

const RETURN_REASON = 'Isi pelatihan diperbarui dari folder konten (content:publish).';
const moduleKey = (title: string) => `module:${title}`;
const materialKey = (module: string, title: string) => `material:${module}\u0000${title}`;

/**
 * The steps that make the server's course what the folder says. Modules are matched by title
 * within the course, materials by title (and kind) within their module: a renamed one is
 * removed and added again. Problems (another organization's course, a status the caller may not
 * leave) are answered instead of steps, before anything changes.
 */
export function planCourse(item: CourseItem, remote: RemoteCourse | null, publisher: Publisher): { plan?: ItemPlan; problems: string[] } {
  const ids = new Ids();
  const content: Step[] = [];
  let skippedFiles = 0;
  const key = item.code;
  const where = `course ${key} (${item.manifest})`;
  if (remote && remote.organization.id !== publisher.organizationId) {
    return { problems: [`${where}: the code belongs to a course of ${remote.organization.name}, not of the organization you publish for`] };
  }
  const mutate = (label: string, mutation: string, variables: () => Record<string, unknown>, after?: (data: never) => void): Step => ({
    label,
    run: async (run: RunContext) => {
      const data = await run.api.mutate<never>(mutation, variables(), `${key}: ${label}`);
      after?.(data);
    },
  });
  const uploadStep = (label: string, file: LocalFile, request: string, complete: string, owner: () => string): Step => ({
    label,
    upload: file,
    run: (run) =>
      uploadFile(run, file, `${key}: ${label}`, { mutation: request, variables: { id: owner() } }, {
        mutation: complete,
        variables: (uploadId) => ({ id: owner(), uploadId }),
      }),
  });

  if (remote) ids.set('course', remote.id);
  const fields = courseFields(item);
  if (!remote) {
    const input = { code: item.code, ...fields, organizationId: publisher.admin ? publisher.organizationId : undefined };
    content.push(mutate(`create course "${item.title}"`, Q.CREATE_COURSE, () => ({ input }), (data: { createCourse: { id: string } }) => ids.set('course', data.createCourse.id)));
  } else {
    const changed = Object.fromEntries(Object.entries(fields).filter(([name, value]) => !sameValue(value, remote[name as keyof RemoteCourse])));
    if (Object.keys(changed).length) {
      content.push(mutate(`update course fields: ${Object.keys(changed).join(', ')}`, Q.UPDATE_COURSE, () => ({ id: ids.get('course'), input: changed })));
    }
  }
  if (item.cover && item.cover.sha256 === remote?.coverSha256) skippedFiles += 1;
  else if (item.cover) content.push(uploadStep(`upload cover ${item.cover.relativePath}`, item.cover, Q.REQUEST_COVER_UPLOAD, Q.COMPLETE_COVER_UPLOAD, () => ids.get('course')));

  // Modules: removals first (their materials go with them), then additions and updates in course order, then moves.
  const remoteModules = remote?.modules ?? [];
  const localTitles = new Set(item.modules.map((module) => module.title));
  const order: string[] = [];
  // Only the first of two same-titled modules (made outside the publisher) is kept: titles are the match key.
  const first = (list: { id: string; title: string; kind?: string }[], item: { id: string; title: string; kind?: string }) =>
    list.find((other) => other.title === item.title && other.kind === item.kind) === item;
  for (const module of remoteModules) {
    if (localTitles.has(module.title) && first(remoteModules, module)) {
      order.push(module.title);
      ids.set(moduleKey(module.title), module.id);
    } else content.push(mutate(`remove module "${module.title}"`, Q.REMOVE_MODULE, () => ({ id: module.id })));
  }
  for (const module of item.modules) {
    const existing = remoteModules.find((candidate) => candidate.title === module.title);
    const input = () => ({
      title: module.title,
      summary: module.summary,
      estimatedMinutes: module.estimatedMinutes,
      prerequisiteModuleId: module.prerequisite ? ids.get(moduleKey(module.prerequisite)) : null,
    });
    if (!existing) {
      order.push(module.title);
      content.push(mutate(`add module "${module.title}"`, Q.ADD_MODULE, () => ({ courseId: ids.get('course'), input: input() }), (data: { addModule: { id: string } }) => ids.set(moduleKey(module.title), data.addModule.id)));
    } else if (!moduleMatches(module, existing)) {
      content.push(mutate(`update module "${module.title}"`, Q.UPDATE_MODULE, () => ({ id: existing.id, input: input() })));
    }
  }
  for (const move of movesFor(order, item.modules.map((module) => module.title))) {
    content.push(mutate(`move module "${move.key}" to position ${move.position}`, Q.MOVE_MODULE, () => ({ id: ids.get(moduleKey(move.key)), position: move.position })));
  }

  for (const module of item.modules) {
    const existing = remoteModules.find((candidate) => candidate.title === module.title);
    const remoteMaterials = existing?.materials ?? [];
    const kept = remoteMaterials.filter(
      (material) => first(remoteMaterials, material) && module.materials.some((local) => local.title === material.title && local.kind === material.kind),
    );
    for (const material of remoteMaterials) {
      if (!kept.includes(material)) content.push(mutate(`remove material "${module.title}" / "${material.title}"`, Q.REMOVE_MATERIAL, () => ({ id: material.id })));
    }
    kept.forEach((material) => ids.set(materialKey(module.title, material.title), material.id));
    const materialOrder = kept.map((material) => material.title);
    for (const material of module.materials) {
      const name = `"${module.title}" / "${material.title}"`;
      const mkey = materialKey(module.title, material.title);
      const found = kept.find((candidate) => candidate.title === material.title);
      const input = materialInput(material);
      if (!found) {
        materialOrder.push(material.title);
        content.push(mutate(`add ${material.kind} material ${name}`, Q.ADD_MATERIAL, () => ({ moduleId: ids.get(moduleKey(module.title)), input }), (data: { addMaterial: { id: string } }) => ids.set(mkey, data.addMaterial.id)));
      } else if (!materialMatches(material, found)) {
        content.push(mutate(`update material ${name}`, Q.UPDATE_MATERIAL, () => ({ id: found.id, input })));
      }
      if (material.file && material.file.sha256 === found?.currentVersion?.sha256) skippedFiles += 1;
      else if (material.file) {
        content.push(uploadStep(`upload ${material.file.relativePath} to ${name}`, material.file, Q.REQUEST_MATERIAL_UPLOAD, Q.COMPLETE_MATERIAL_UPLOAD, () => ids.get(mkey)));
      }
      if (material.quiz && !quizMatches(material.quiz, found?.quiz ?? null)) {
        const quiz = quizInput(material.quiz);
        content.push(mutate(`set quiz of ${name} (${material.quiz.questions.length} questions)`, Q.SET_QUIZ, () => ({ materialId: ids.get(mkey), input: quiz })));
      }
    }
    for (const move of movesFor(materialOrder, module.materials.map((material) => material.title))) {
      content.push(mutate(`move material "${module.title}" / "${move.key}" to position ${move.position}`, Q.MOVE_MATERIAL, () => ({ id: ids.get(materialKey(module.title, move.key)), position: move.position })));
    }
  }

  const status = remote?.status ?? 'DRAFT';
  const steps: Step[] = [];
  if (content.length && status !== 'DRAFT') {
    if (status === 'ARCHIVED') return { problems: [`${where}: the course is ARCHIVED; it cannot change (publish it under a new code)`] };
    if (!publisher.admin) {
      return {
        problems: [`${where}: the course is ${status} and its content differs; only a DRAFT can change. Ask an admin to return it to draft, or publish as an admin (who does that automatically)`],
      };
    }
    steps.push(mutate('return course to draft (admin)', Q.RETURN_TO_DRAFT, () => ({ id: ids.get('course'), reason: RETURN_REASON })));
  }
  steps.push(...content);
  // A DRAFT with nothing to change is a run interrupted before its submit (or a course an admin
  // sent back): finishing the workflow is what re-running the publisher is for.
  if (content.length || status === 'DRAFT') {
    steps.push(mutate('submit course for review', Q.SUBMIT_COURSE, () => ({ id: ids.get('course') })));
  }
  if (publisher.admin && (content.length || status === 'DRAFT' || status === 'IN_REVIEW')) {
    steps.push(mutate('publish course (admin)', Q.PUBLISH_COURSE, () => ({ id: ids.get('course') })));
  }
  const outcome = !remote ? 'created' : steps.length ? 'updated' : 'unchanged';
  return { plan: { item, key, outcome, steps, skippedFiles }, problems: [] };
}

function courseFields(item: CourseItem) {
  return {
    title: item.title,
    summary: item.summary,
    description: item.description,
    competency: item.competency,
    jp: item.jp,
    deliveryMode: item.deliveryMode,
    language: item.language,
    tags: item.tags,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => value === b[index]);
  return a === b;
}

function moduleMatches(local: LocalModule, remote: RemoteModule): boolean {
  return local.summary === remote.summary && local.estimatedMinutes === remote.estimatedMinutes && local.prerequisite === (remote.prerequisite?.title ?? null);
}

function materialInput(material: LocalMaterial) {
  return { title: material.title, kind: material.kind, required: material.required, estimatedMinutes: material.estimatedMinutes, body: material.body ?? null, url: material.url ?? null };
}

function materialMatches(local: LocalMaterial, remote: RemoteMaterial): boolean {
  return (
    local.required === remote.required &&
    local.estimatedMinutes === remote.estimatedMinutes &&
    (local.body ?? null) === remote.body &&
    (local.url ?? null) === remote.url
  );
}
