import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { moveAmongSiblings, nextPosition, removeAmongSiblings, type Siblings } from '../../db/ordering';
import { courseForAuthoring } from '../course/course.service';
import { CourseModule } from './course-module.entity';
import type { ModuleInput } from './course-module.inputs';

export async function addModule(ctx: Context, courseId: string, input: ModuleInput): Promise<CourseModule> {
  const course = await courseForAuthoring(ctx, courseId);
  return inTransaction(ctx, async (tx) => {
    const position = await nextPosition(tx, siblingsOf(course.id));
    const module = tx.em.create(CourseModule, { course, position, title: input.title.trim() });
    applyInput(module, input);
    await setPrerequisite(tx, module, course.id, input.prerequisiteModuleId);
    await tx.em.flush();
    return module;
  });
}

export async function updateModule(ctx: Context, id: string, input: ModuleInput): Promise<CourseModule> {
  const module = await moduleForAuthoring(ctx, id);
  module.title = input.title.trim();
  applyInput(module, input);
  await setPrerequisite(ctx, module, module.course.id, input.prerequisiteModuleId ?? null);
  await ctx.em.flush();
  return module;
}

/** Positions stay 1..n under concurrent moves: every change locks the course row first. */
export async function moveModule(ctx: Context, id: string, position: number): Promise<CourseModule> {
  const module = await moduleForAuthoring(ctx, id);
  return moveAmongSiblings(ctx, siblingsOf(module.course.id), module.id, position);
}

export async function removeModule(ctx: Context, id: string): Promise<boolean> {
  const module = await moduleForAuthoring(ctx, id);
  await removeAmongSiblings(ctx, siblingsOf(module.course.id), module.id);
  return true;
}

const siblingsOf = (courseId: string): Siblings<CourseModule> => ({
  entity: CourseModule,
  parentTable: 'courses',
  parentField: 'course',
  parentId: courseId,
});

export async function moduleForAuthoring(ctx: Context, id: string): Promise<CourseModule> {
  const module = await findById(ctx.em, CourseModule, id);
  if (!module) throw notFound('Module');
  await courseForAuthoring(ctx, module.course.id);
  return module;
}

function applyInput(module: CourseModule, input: ModuleInput) {
  if (input.summary !== undefined && input.summary !== null) module.summary = input.summary.trim();
  module.estimatedMinutes = input.estimatedMinutes ?? undefined;
}

/** The prerequisite is another module of the same course, and chains of prerequisites never loop. */
async function setPrerequisite(ctx: Context, module: CourseModule, courseId: string, prerequisiteId: string | null | undefined) {
  if (!prerequisiteId) {
    module.prerequisite = undefined;
    return;
  }
  let step = await findById(ctx.em, CourseModule, prerequisiteId);
  if (!step || step.course.id !== courseId) throw badField('prerequisiteModuleId', 'Not a module of this course');
  const prerequisite = step;
  for (let hops = 0; step; hops += 1) {
    if (step.id === module.id || hops > 100) throw badField('prerequisiteModuleId', 'Prerequisites would form a loop');
    step = step.prerequisite ? await findById(ctx.em, CourseModule, step.prerequisite.id) : null;
  }
  module.prerequisite = ctx.em.getReference(CourseModule, prerequisite.id, { wrapped: true });
}
