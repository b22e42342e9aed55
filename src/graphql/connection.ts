import { Cursor, CursorError, DriverException } from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { badField } from '../errors';
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

export function toConnection<T extends object>(cursor: Cursor<T>): ConnectionShape<T> {
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: cursor.totalCount ?? cursor.items.length,
  };
}

/** PostgreSQL's "invalid text representation" and datetime format errors. */
const BAD_VALUE_SQLSTATES = new Set(['22P02', '22007', '22008']);

/**
 * Runs a cursor query; a cursor the client altered or took from another list is bad input
 * on `after`, whether it fails to decode or decodes to values of the wrong type.
 */
export async function findPage<T>(after: string | undefined, query: () => Promise<T>): Promise<T> {
  const invalid = () => badField('after', 'Invalid cursor');
  if (after !== undefined) {
    let decoded: unknown;
    try {
      decoded = Cursor.decode(after);
    } catch {
      throw invalid();
    }
    if (!Array.isArray(decoded) || decoded.some((value) => typeof value === 'object' && !(value instanceof Date))) {
      throw invalid();
    }
  }
  try {
    return await query();
  } catch (error) {
    const sqlState = (error as { code?: string }).code;
    if (error instanceof CursorError || (error instanceof DriverException && sqlState && BAD_VALUE_SQLSTATES.has(sqlState))) {
      throw invalid();
    }
    throw error;
  }
}
