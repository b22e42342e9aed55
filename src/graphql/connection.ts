import {
  Cursor,
  CursorError,
  DriverException,
  type EntityManager,
  type EntityName,
  type EntityProperty,
  type FilterQuery,
  type FindByCursorOptions,
  type QueryOrderMap,
} from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { badField } from '../errors';
import { isWellFormedText } from './input-guard';
import { isUuid } from './loaders';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor?: string | null;

  @Field(() => String, { nullable: true })
  endCursor?: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, at most ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type named `<name>Connection` with `<name>Edge` edges. */
export function Connection<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType;
}

function toConnection<T extends object>(cursor: Cursor<T, never, '*', never, false>, count: () => Promise<number>): ConnectionShape<T> {
  let counted: Promise<number> | undefined;
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    // Counted only when the client asks for it (a catalogue page mostly does not): the field is
    // resolved by reading this property, and graphql-js awaits the promise.
    get totalCount() {
      return (counted ??= count()) as unknown as number;
    },
  };
}

/** PostgreSQL's "invalid text representation" and datetime format errors. */
const BAD_VALUE_SQLSTATES = new Set(['22P02', '22007', '22008']);

/**
 * One page of a Relay connection, ordered by `orderBy` (which must end in a unique column).
 * `where` is a function when it holds raw() fragments: MikroORM consumes a fragment on first use,
 * and the filter is used twice when the client also asks for totalCount.
 * A cursor the client altered or took from another list is bad input on `after`, whether it
 * fails to decode, has the wrong number of values, or holds values of the wrong type.
 */
export async function findConnection<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T> | (() => FilterQuery<T>),
  args: ConnectionArgs,
  orderBy: QueryOrderMap<T>,
): Promise<ConnectionShape<T>> {
  const filter: () => FilterQuery<T> = typeof where === 'function' ? (where as () => FilterQuery<T>) : () => where;
  const invalid = () => badField('after', 'Invalid cursor');
  if (args.after !== undefined && args.after !== null) {
    let decoded: unknown;
    try {
      decoded = Cursor.decode(args.after);
    } catch {
      throw invalid();
    }
    const properties = em.getMetadata().find<T>(entity)?.properties as Record<string, EntityProperty> | undefined;
    const keys = Object.keys(orderBy);
    const wellFormed =
      Array.isArray(decoded) &&
      decoded.length === keys.length &&
      decoded.every((value, index) => value !== null && (typeof value !== 'object' || value instanceof Date) && fitsColumn(value, properties?.[keys[index]]));
    if (!wellFormed) throw invalid();
  }
  try {
    const cursor = await em.findByCursor(entity, filter(), {
      first: args.first ?? DEFAULT_PAGE_SIZE,
      after: args.after ?? undefined,
      orderBy,
      includeCount: false,
    } as FindByCursorOptions<T, never, '*', never, false>);
    return toConnection(cursor, () => em.count(entity, filter()));
  } catch (error) {
    const sqlState = (error as { code?: string }).code;
    if (error instanceof CursorError || (error instanceof DriverException && sqlState && BAD_VALUE_SQLSTATES.has(sqlState))) {
      throw invalid();
    }
    throw error;
  }
}

const INT4_MAX = 2_147_483_647;

/**
 * Whether a cursor value can be compared with its column: a forged cursor holding a number
 * for a timestamp, text for a uuid or a NUL in text would otherwise reach PostgreSQL as a
 * type error (an internal error) instead of an invalid cursor. Columns of other types are
 * left to PostgreSQL, as before.
 */
function fitsColumn(value: unknown, property: EntityProperty | undefined): boolean {
  if (typeof value === 'string' && !isWellFormedText(value)) return false;
  switch (String(property?.type ?? '').toLowerCase()) {
    case 'uuid':
      return typeof value === 'string' && isUuid(value);
    case 'datetime':
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'integer':
    case 'int':
    case 'smallint':
      return Number.isInteger(value) && Math.abs(value as number) <= INT4_MAX;
    case 'text':
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/**
 * A connection from a keyset page fetched with one row more than asked: that extra row only
 * says whether a next page exists.
 */
export function keysetConnection<T>(edges: { cursor: string; node: T }[], options: { fetchedMore: boolean; after: unknown; totalCount: number }): ConnectionShape<T> {
  return {
    edges,
    pageInfo: {
      hasNextPage: options.fetchedMore,
      hasPreviousPage: options.after !== null && options.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: options.totalCount,
  };
}

/**
 * The values a keyset cursor holds, or null without `after`. A cursor that is not one of ours
 * (not decodable, or failing `valid`) is BAD_USER_INPUT on `after`.
 */
export function decodeKeysetCursor(after: string | null | undefined, valid: (values: unknown[]) => boolean): unknown[] | null {
  if (after === undefined || after === null) return null;
  let decoded: unknown;
  try {
    decoded = Cursor.decode(after);
  } catch {
    throw badField('after', 'Invalid cursor');
  }
  // Text PostgreSQL cannot take is no cursor of ours, whatever `valid` says.
  const wellFormedText = Array.isArray(decoded) && decoded.every((value) => typeof value !== 'string' || isWellFormedText(value));
  if (!Array.isArray(decoded) || !wellFormedText || !valid(decoded)) throw badField('after', 'Invalid cursor');
  return decoded;
}
