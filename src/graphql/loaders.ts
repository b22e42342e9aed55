import type { EntityClass, EntityManager, FindOneOptions } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { findLean } from '../db/lean';

/**
 * Loads entities of one class by id with a single `$in` query per tick, answering in key
 * order (null for ids that do not exist).
 */
export function entityByIdLoader<T extends { id: string }>(em: EntityManager, entity: EntityClass<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    // Ids are opaque to clients: one that is not even a UUID simply finds nothing.
    const wellFormed = ids.filter(isUuid);
    const rows = wellFormed.length ? await em.find(entity, { id: { $in: wellFormed } } as never) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** findOne by id where an id that is not a UUID (ids are opaque to clients) finds nothing. */
export function findById<T extends { id: string }, P extends string = never>(
  em: EntityManager,
  entity: EntityClass<T>,
  id: string,
  options?: FindOneOptions<T, P>,
) {
  return isUuid(id) ? em.findOne(entity, { id } as never, options) : Promise.resolve(null);
}

/**
 * Loads the children of many parents with one `$in` query per tick, answering each parent's
 * children in `orderBy` order (an empty list for a parent without children).
 */
export function childrenLoader<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  foreignKey: keyof T & string,
  orderBy: Partial<Record<keyof T & string, 'asc' | 'desc'>>,
) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await em.find(entity, { [foreignKey]: { $in: [...parentIds] } } as never, { orderBy: orderBy as never });
    return groupByParent(parentIds, rows, foreignKey);
  });
}

/**
 * childrenLoader for lists that are only shown, never changed in the same request (a course's
 * modules, a module's materials): the same one query per tick, answered as lean rows (see
 * db/lean.ts) instead of managed entities.
 */
export function leanChildrenLoader<T extends object>(
  em: SqlEntityManager,
  entity: EntityClass<T>,
  foreignKey: keyof T & string,
  orderBy: Partial<Record<keyof T & string, 'asc' | 'desc'>>,
) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await findLean(em, entity, { [foreignKey]: { $in: [...parentIds] } } as never, orderBy as never);
    return groupByParent(parentIds, rows, foreignKey);
  });
}

/** Each parent's rows, in the order the query gave them (an empty list for a parent without any). */
function groupByParent<T extends object>(parentIds: readonly string[], rows: T[], foreignKey: keyof T & string): T[][] {
  const byParent = new Map<string, T[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) {
    const parent = row[foreignKey] as unknown as { id: string };
    byParent.get(parent.id)?.push(row);
  }
  return parentIds.map((id) => byParent.get(id) ?? []);
}
