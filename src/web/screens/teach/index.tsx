import { lazyScreen } from '../lazy';

/**
 * The instructor's area (`/teach/…`): their courses, authoring, uploads, the review queue and a
 * cohort's progress. Its code is a chunk of its own, loaded when an instructor opens it: a
 * learner's phone never downloads it.
 */
export const TeachArea = lazyScreen(() => import('./area').then((area) => area.TeachArea));
