import type { EntityManager } from '@mikro-orm/postgresql';
import { childrenLoader } from '../../graphql/loaders';
import { CoachingNote } from './coaching-note.entity';

export function createCoachingLoaders(em: EntityManager) {
  return {
    coachingNotesByEnrollment: childrenLoader(em, CoachingNote, 'enrollment', { createdAt: 'asc', id: 'asc' }),
  };
}
