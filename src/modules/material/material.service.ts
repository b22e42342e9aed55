import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { moveAmongSiblings, nextPosition, removeAmongSiblings, type Siblings } from '../../db/ordering';
import { moduleForAuthoring } from '../course-module/course-module.service';
import { canViewCourse } from '../course/course.policy';
import type { Course } from '../course/course.entity';
import { Material } from './material.entity';
import type { MaterialInput } from './material.inputs';
import { checkContent } from './material.rules';

/** The course a material belongs to, through the request's loaders (no extra query when batched). */
export async function courseOfMaterial(ctx: Context, material: Material): Promise<Course | null> {
  const module = await ctx.loaders.moduleById.load(material.module.id);
  return module ? ctx.loaders.courseById.load(module.course.id) : null;
}

export async function courseOfMaterialId(ctx: Context, materialId: string): Promise<Course | null> {
  const material = await ctx.loaders.materialById.load(materialId);
  return material ? courseOfMaterial(ctx, material) : null;
}

export async function findMaterial(ctx: Context, id: string): Promise<Material | null> {
  const material = await ctx.loaders.materialById.load(id);
  if (!material) return null;
  const course = await courseOfMaterial(ctx, material);
  return course && canViewCourse(ctx.caller, course) ? material : null;
}

export async function addMaterial(ctx: Context, moduleId: string, input: MaterialInput): Promise<Material> {
  const module = await moduleForAuthoring(ctx, moduleId);
  const content = checkContent(input.kind, input);
  return inTransaction(ctx, async (tx) => {
    const position = await nextPosition(tx, siblingsOf(module.id));
    const material = tx.em.create(Material, {
      module,
      position,
      title: input.title.trim(),
      kind: input.kind,
      required: input.required ?? true,
      estimatedMinutes: input.estimatedMinutes,
      ...content,
    });
    await tx.em.flush();
    return material;
  });
}

export async function updateMaterial(ctx: Context, id: string, input: MaterialInput): Promise<Material> {
  const material = await materialForAuthoring(ctx, id);
  if (input.kind !== material.kind) throw badField('kind', 'The kind of a material cannot change; add a new material');
  const content = checkContent(input.kind, input);
  material.title = input.title.trim();
  material.required = input.required ?? material.required;
  material.estimatedMinutes = input.estimatedMinutes ?? undefined;
  material.body = content.body;
  material.url = content.url;
  await ctx.em.flush();
  return material;
}

export async function moveMaterial(ctx: Context, id: string, position: number): Promise<Material> {
  const material = await materialForAuthoring(ctx, id);
  return moveAmongSiblings(ctx, siblingsOf(material.module.id), material.id, position);
}

export async function removeMaterial(ctx: Context, id: string): Promise<boolean> {
  const material = await materialForAuthoring(ctx, id);
  await removeAmongSiblings(ctx, siblingsOf(material.module.id), material.id);
  return true;
}

const siblingsOf = (moduleId: string): Siblings<Material> => ({
  entity: Material,
  parentTable: 'course_modules',
  parentField: 'module',
  parentId: moduleId,
});

/** A material of a DRAFT course the caller authors; NOT_FOUND when the caller cannot see it. */
export async function materialForAuthoring(ctx: Context, id: string): Promise<Material> {
  const material = await findById(ctx.em, Material, id);
  if (!material) throw notFound('Material');
  await moduleForAuthoring(ctx, material.module.id);
  return material;
}
