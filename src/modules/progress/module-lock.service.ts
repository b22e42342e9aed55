import type { Context } from '../../context';
import { isModuleLocked } from './progress.rules';

/**
 * Whether the module is still locked for this learner (its prerequisite not complete), through
 * the request's loaders: what startQuizAttempt, hand-ins and downloads ask before opening it.
 */
export async function isModuleLockedFor(
  ctx: Context,
  userId: string,
  module: { course: { id: string }; prerequisite?: { id: string } | null },
): Promise<boolean> {
  if (!module.prerequisite) return false;
  const facts = await ctx.loaders.progressOf(userId).materialFactsByCourse.load(module.course.id);
  return isModuleLocked(facts, module.prerequisite.id);
}
