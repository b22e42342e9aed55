import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { inTransaction } from './transaction';
import { badField } from '../errors';

interface Positioned {
  id: string;
  position: number;
}

/** Where an ordered child lives: its parent's table (for the lock) and the field naming the parent. */
export interface Siblings<T> {
  entity: EntityClass<T>;
  parentTable: 'courses' | 'course_modules';
  parentField: keyof T & string;
  parentId: string;
}

/**
 * Takes the row lock of the parent (a course for its modules, a module for its materials) so
 * that concurrent adds, moves and removes of its children queue up and positions stay dense.
 */
export async function lockParent(em: EntityManager, table: Siblings<unknown>['parentTable'], id: string): Promise<void> {
  // raw SQL: locks a parent row named by its table without loading it into the caller's identity map
  await em.execute(`SELECT 1 FROM ${table} WHERE id = ? FOR UPDATE`, [id]);
}

/** Moves one child to a 1-based position among its siblings; the others shift, positions stay 1..n. */
export function moveAmongSiblings<T extends Positioned>(ctx: Context, siblings: Siblings<T>, itemId: string, position: number): Promise<T> {
  return inTransaction(ctx, async (tx) => {
    const all = await lockedSiblings(tx, siblings);
    if (!Number.isInteger(position) || position < 1 || position > all.length) {
      throw badField('position', `position must be between 1 and ${all.length}`);
    }
    const ordered = all.filter((sibling) => sibling.id !== itemId);
    const item = all.find((sibling) => sibling.id === itemId) as T;
    ordered.splice(position - 1, 0, item);
    renumber(ordered);
    await tx.em.flush();
    return item;
  });
}

/** Removes one child and closes the gap it leaves. */
export async function removeAmongSiblings<T extends Positioned>(ctx: Context, siblings: Siblings<T>, itemId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const all = await lockedSiblings(tx, siblings);
    const removed = all.find((sibling) => sibling.id === itemId);
    if (removed) tx.em.remove(removed);
    renumber(all.filter((sibling) => sibling.id !== itemId));
    await tx.em.flush();
  });
}

/** The next position at the end, under the parent's lock (call inside the adding transaction). */
export async function nextPosition<T extends Positioned>(tx: Context, siblings: Siblings<T>): Promise<number> {
  await lockParent(tx.em, siblings.parentTable, siblings.parentId);
  return (await tx.em.count(siblings.entity, { [siblings.parentField]: siblings.parentId } as never)) + 1;
}

async function lockedSiblings<T extends Positioned>(tx: Context, siblings: Siblings<T>): Promise<T[]> {
  await lockParent(tx.em, siblings.parentTable, siblings.parentId);
  return tx.em.find(siblings.entity, { [siblings.parentField]: siblings.parentId } as never, {
    orderBy: { position: 'asc' } as never,
    refresh: true,
  });
}

function renumber<T extends Positioned>(ordered: T[]): void {
  ordered.forEach((sibling, index) => {
    sibling.position = index + 1;
  });
}
