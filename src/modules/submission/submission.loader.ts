import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { childrenLoader, entityByIdLoader, isUuid } from '../../graphql/loaders';
import { Review } from '../review/review.entity';
import { Submission } from './submission.entity';
import { SubmissionFile, SubmissionFilePurpose } from './submission-file.entity';

export function createSubmissionLoaders(em: EntityManager) {
  return {
    submissionById: entityByIdLoader(em, Submission),
    submissionFileById: entityByIdLoader(em, SubmissionFile),
    /** The learner's files handed in with each submission, in the order given. */
    workFilesBySubmission: new DataLoader<string, SubmissionFile[]>(async (submissionIds) => {
      const ids = submissionIds.filter(isUuid);
      const rows = ids.length
        ? await em.find(SubmissionFile, { submission: { $in: ids }, purpose: SubmissionFilePurpose.WORK }, { orderBy: { position: 'asc', createdAt: 'asc' } })
        : [];
      return submissionIds.map((id) => rows.filter((row) => row.submission?.id === id));
    }),
    reviewsBySubmission: childrenLoader(em, Review, 'submission', { createdAt: 'asc' }),
    feedbackFileByReview: new DataLoader<string, SubmissionFile | null>(async (reviewIds) => {
      const ids = reviewIds.filter(isUuid);
      const rows = ids.length ? await em.find(SubmissionFile, { review: { $in: ids } }) : [];
      const byReview = new Map(rows.map((row) => [row.review!.id, row]));
      return reviewIds.map((id) => byReview.get(id) ?? null);
    }),
  };
}
