import type { EntityManager } from '@mikro-orm/postgresql';
import { childrenLoader } from '../../graphql/loaders';
import { SubmissionComment } from './comment.entity';

export function createCommentLoaders(em: EntityManager) {
  return {
    /** The thread of each submission, oldest first. */
    commentsBySubmission: childrenLoader(em, SubmissionComment, 'submission', { createdAt: 'asc', id: 'asc' }),
  };
}
