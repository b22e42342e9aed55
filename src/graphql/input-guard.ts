import type { ApolloServerPlugin } from '@apollo/server';
import { type ArgumentNode, type DocumentNode, GraphQLError, GraphQLScalarType, Kind, type ValueNode, visit } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { badInput, ErrorCode, type FieldProblem } from '../errors';

/**
 * Input that no resolver should ever see, refused in one place before anything executes:
 * PostgreSQL stores no NUL character in text (it answers a protocol error, which used to
 * surface as INTERNAL_SERVER_ERROR), and a lone UTF-16 surrogate is not Unicode at all.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const HOSTILE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HOSTILE_TEXT_MESSAGE = 'must be text without NUL characters or broken Unicode';

/** Checks inline arguments and variables; answers BAD_USER_INPUT naming each field (HTTP 400). */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const problems = [...hostileLiterals(document), ...hostileValues(request.variables ?? {}, '')];
          if (problems.length) {
            const error = badInput(problems);
            error.extensions.http = { status: 400 };
            throw error;
          }
        },
      };
    },
  };
}

function hostileLiterals(document: DocumentNode): FieldProblem[] {
  const problems: FieldProblem[] = [];
  visit(document, {
    Argument(node: ArgumentNode) {
      collectFromLiteral(node.value, node.name.value, problems);
    },
  });
  return problems;
}

function collectFromLiteral(value: ValueNode, field: string, problems: FieldProblem[]): void {
  if (value.kind === Kind.STRING && HOSTILE_TEXT.test(value.value)) problems.push({ field, message: HOSTILE_TEXT_MESSAGE });
  if (value.kind === Kind.LIST) for (const item of value.values) collectFromLiteral(item, field, problems);
  if (value.kind === Kind.OBJECT) for (const entry of value.fields) collectFromLiteral(entry.value, `${field}.${entry.name.value}`, problems);
}

function hostileValues(value: unknown, field: string): FieldProblem[] {
  if (typeof value === 'string') return HOSTILE_TEXT.test(value) ? [{ field, message: HOSTILE_TEXT_MESSAGE }] : [];
  if (Array.isArray(value)) return value.flatMap((item) => hostileValues(item, field));
  // Keys need no check: graphql-js refuses a key that names no field of the input type.
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => hostileValues(item, field ? `${field}.${key}` : key));
  return [];
}

/**
 * Training, schedules and reports happen between these years; a date far outside them is a
 * mistake (or a probe), and PostgreSQL and the date arithmetic around it are not for year 1.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function inRange(date: Date): Date {
  if (date.getTime() < EARLIEST || date.getTime() >= LATEST) {
    throw new GraphQLError('must be a date between 1900 and 2199', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  return date;
}

/** graphql-scalars' ISO 8601 DateTime, limited to the years above. */
export const DateTimeScalar = new GraphQLScalarType<Date, unknown>({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => inRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast, variables) => inRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
});
