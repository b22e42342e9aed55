import { randomUUID } from 'node:crypto';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, badInput } from '../../errors';
import { lockParent } from '../../db/ordering';
import { MaterialKind } from '../material/material.entity';
import { materialForAuthoring } from '../material/material.service';
import { Assignment, LatePolicy } from './assignment.entity';
import type { AssignmentInput } from './assignment.inputs';
import { checkAssignment } from './assignment.rules';

/**
 * Replaces all settings of an ASSIGNMENT material at once. Authoring happens only while the
 * course is a DRAFT, so no learner is handing work in meanwhile.
 */
export async function setAssignment(ctx: Context, materialId: string, input: AssignmentInput): Promise<Assignment> {
  const material = await materialForAuthoring(ctx, materialId);
  if (material.kind !== MaterialKind.ASSIGNMENT) throw badField('materialId', 'Only ASSIGNMENT materials have assignment settings');

  return inTransaction(ctx, async (tx) => {
    // The module row serialises two authors saving at once, so the rubric ids kept are the stored ones.
    await lockParent(tx.em, 'course_modules', material.module.id);
    const existing = await tx.em.findOne(Assignment, { material: material.id }, { refresh: true });
    const { problems, assignment: checked } = checkAssignment(
      { ...input, latePolicy: input.latePolicy ?? LatePolicy.ACCEPT_LATE },
      randomUUID,
      existing?.rubric ?? [],
    );
    if (problems.length) throw badInput(problems);
    const assignment = existing ?? tx.em.create(Assignment, { material: material.id, instructions: checked.instructions, maxScore: checked.maxScore });
    // null (not undefined) so the flush clears a previous date.
    Object.assign(assignment, {
      ...checked,
      dueAt: checked.dueAt as Date | undefined,
      closesAt: checked.closesAt as Date | undefined,
    });
    await tx.em.flush();
    return assignment;
  });
}
