import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../graphql/loaders';
import { CourseEvaluation } from './evaluation.entity';

export function createEvaluationLoaders(em: EntityManager) {
  return {
    /** The evaluation of each enrollment, or null before it is submitted. */
    evaluationByEnrollment: new DataLoader<string, CourseEvaluation | null>(async (enrollmentIds) => {
      const ids = enrollmentIds.filter(isUuid);
      const rows = ids.length ? await em.find(CourseEvaluation, { enrollment: { $in: ids } }) : [];
      const byEnrollment = new Map(rows.map((row) => [row.enrollment.id, row]));
      return enrollmentIds.map((id) => byEnrollment.get(id) ?? null);
    }),
  };
}
