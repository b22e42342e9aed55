import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Material } from '../material/material.entity';
import { Submission } from '../submission/submission.entity';
import { Role } from '../../identity';
import { setAssignment } from './assignment-authoring.service';
import { Assignment } from './assignment.entity';
import { AssignmentInput, RubricCriterion } from './assignment.inputs';
import * as assignments from './assignment.service';

const AUTHORS = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];

@Resolver()
export class AssignmentMutationResolver {
  @Authorized(...AUTHORS)
  @Mutation(() => Assignment, { description: 'Replaces all settings of an ASSIGNMENT material of a DRAFT course.' })
  setAssignment(@Ctx() ctx: Context, @Arg('materialId', () => ID) materialId: string, @Arg('input', () => AssignmentInput) input: AssignmentInput) {
    return setAssignment(ctx, materialId, input);
  }
}

@Resolver(() => Material)
export class MaterialAssignmentResolver {
  @FieldResolver(() => Assignment, { nullable: true, description: 'ASSIGNMENT materials, once setAssignment has been called.' })
  assignment(@Root() material: Material, @Ctx() ctx: Context) {
    return assignments.assignmentOfMaterial(ctx, material);
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => Material)
  material(@Root() assignment: Assignment, @Ctx() ctx: Context) {
    return ctx.loaders.materialById.load(assignment.material.id);
  }

  @FieldResolver(() => [RubricCriterion], { description: 'Criteria with their levels, in order; empty without a rubric.' })
  rubric(@Root() assignment: Assignment) {
    return assignments.rubricOf(assignment);
  }

  @FieldResolver(() => [Submission], { description: "The signed-in learner's attempts, first first." })
  mySubmissions(@Root() assignment: Assignment, @Ctx() ctx: Context) {
    return assignments.mySubmissions(ctx, assignment);
  }
}

export const assignmentResolvers = [AssignmentMutationResolver, MaterialAssignmentResolver, AssignmentResolver] as const;
