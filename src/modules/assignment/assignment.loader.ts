import { Reference, type Ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../graphql/loaders';
import { Submission } from '../submission/submission.entity';
import { Assignment } from './assignment.entity';

/** Assignment's primary key is its material, so a reference to one has no id of its own: its material's is the key. */
export function assignmentIdOf(ref: Ref<Assignment> | Assignment): string {
  return Reference.unwrapReference(ref as Assignment).material.id;
}

function learnerAssignmentLoaders(em: EntityManager, userId: string) {
  return {
    /** The learner's attempts at each assignment, first first. */
    submissionsByAssignment: new DataLoader<string, Submission[]>(async (materialIds) => {
      const ids = materialIds.filter(isUuid);
      const rows = ids.length ? await em.find(Submission, { learner: userId, assignment: { $in: ids } }, { orderBy: { number: 'asc' } }) : [];
      return materialIds.map((id) => rows.filter((row) => assignmentIdOf(row.assignment) === id));
    }),
  };
}

export function createAssignmentLoaders(em: EntityManager) {
  const byLearner = new Map<string, ReturnType<typeof learnerAssignmentLoaders>>();
  return {
    assignmentByMaterial: new DataLoader<string, Assignment | null>(async (materialIds) => {
      const ids = materialIds.filter(isUuid);
      const rows = ids.length ? await em.find(Assignment, { material: { $in: ids } }) : [];
      const byMaterial = new Map(rows.map((row) => [row.material.id, row]));
      return materialIds.map((id) => byMaterial.get(id) ?? null);
    }),
    assignmentsOf(userId: string) {
      let loaders = byLearner.get(userId);
      if (!loaders) {
        loaders = learnerAssignmentLoaders(em, userId);
        byLearner.set(userId, loaders);
      }
      return loaders;
    },
  };
}
