import type { Context } from '../../context';
import type { CourseModule } from '../course-module/course-module.entity';
import type { Course } from '../course/course.entity';
import type { Material } from '../material/material.entity';
import type { MaterialProgress } from './material-progress.entity';
import type { CourseProgress, ModuleProgress } from './progress.inputs';
import { canRecordProgress } from './progress.policy';
import { completionOf, isModuleLocked, resumeMaterialId } from './progress.rules';

/** Progress is a person's own: other callers (anonymous, API keys) have none. */
function learnerLoaders(ctx: Context) {
  return canRecordProgress(ctx.caller) ? ctx.loaders.progressOf(ctx.caller.userId) : null;
}

export async function myMaterialProgress(ctx: Context, material: Material): Promise<MaterialProgress | null> {
  return (await learnerLoaders(ctx)?.materialProgressByMaterial.load(material.id)) ?? null;
}

export async function myModuleProgress(ctx: Context, module: CourseModule): Promise<ModuleProgress | null> {
  const loaders = learnerLoaders(ctx);
  if (!loaders) return null;
  const facts = await loaders.materialFactsByCourse.load(module.course.id);
  return {
    ...completionOf(facts.filter((fact) => fact.moduleId === module.id)),
    locked: isModuleLocked(facts, module.prerequisite?.id),
  };
}

export async function myCourseProgress(ctx: Context, course: Course): Promise<CourseProgress | null> {
  const loaders = learnerLoaders(ctx);
  if (!loaders) return null;
  const facts = await loaders.materialFactsByCourse.load(course.id);
  return { ...completionOf(facts), resumeMaterialId: resumeMaterialId(facts) };
}

export function resumeMaterialOf(ctx: Context, progress: CourseProgress): Promise<Material | null> | null {
  return progress.resumeMaterialId ? ctx.loaders.materialById.load(progress.resumeMaterialId) : null;
}
