import type { EntityManager } from '@mikro-orm/postgresql';
import { badField } from '../../errors';

interface Positioned {
  id: string;
  position: number;
}

/**
 * Takes the row lock of the parent (a course for its modules, a module for its materials) so
 * that concurrent adds, moves and removes of its children queue up and positions stay dense.
 */
export async function lockParent(em: EntityManager, table: 'courses' | 'course_modules', id: string): Promise<void> {
  await em.execute(`SELECT 1 FROM ${table} WHERE id = ? FOR UPDATE`, [id]);
}

/** Moves one item to a 1-based position among its siblings and renumbers them 1..n. */
export function reorder<T extends Positioned>(siblings: T[], itemId: string, position: number): T[] {
  if (!Number.isInteger(position) || position < 1 || position > siblings.length) {
    throw badField('position', `position must be between 1 and ${siblings.length}`);
  }
  const ordered = [...siblings].sort((a, b) => a.position - b.position);
  const from = ordered.findIndex((item) => item.id === itemId);
  const [item] = ordered.splice(from, 1);
  ordered.splice(position - 1, 0, item);
  ordered.forEach((sibling, index) => {
    sibling.position = index + 1;
  });
  return ordered;
}

/** After a removal: closes the gap. */
export function renumber<T extends Positioned>(siblings: T[]): void {
  [...siblings]
    .sort((a, b) => a.position - b.position)
    .forEach((sibling, index) => {
      sibling.position = index + 1;
    });
}
