import type { Context } from '../../context';
import { type Material, MaterialKind } from '../material/material.entity';
import type { Submission } from '../submission/submission.entity';
import type { Assignment } from './assignment.entity';
import type { RubricCriterion } from './assignment.inputs';
import { criterionMaxPoints } from './assignment.rules';

/** The read side of assignments, through the request's loaders. */

export async function assignmentOfMaterial(ctx: Context, material: Material): Promise<Assignment | null> {
  return material.kind === MaterialKind.ASSIGNMENT ? ctx.loaders.assignmentByMaterial.load(material.id) : null;
}

export function rubricOf(assignment: Assignment): RubricCriterion[] {
  return assignment.rubric.map((criterion) => ({
    id: criterion.id,
    title: criterion.title,
    description: criterion.description ?? null,
    maxPoints: criterionMaxPoints(criterion),
    levels: criterion.levels.map((level) => ({ id: level.id, title: level.title, description: level.description ?? null, points: level.points })),
  }));
}

/** The signed-in person's own attempts only: nobody sees another learner's work here. */
export async function mySubmissions(ctx: Context, assignment: Assignment): Promise<Submission[]> {
  if (ctx.caller?.kind !== 'user') return [];
  return ctx.loaders.assignmentsOf(ctx.caller.userId).submissionsByAssignment.load(assignment.material.id);
}
