import type { ApolloServerPlugin } from '@apollo/server';
import { type ArgumentNode, type DocumentNode, GraphQLError, GraphQLScalarType, Kind, type ValueNode, visit } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { badInput, ErrorCode, type FieldProblem, refusedBeforeExecution } from '../errors';

/**
 * Input that no resolver should ever see, refused in one place before anything executes:
 * PostgreSQL stores no NUL character in text (it answers a protocol error, which used to
 * surface as INTERNAL_SERVER_ERROR), and a lone UTF-16 surrogate is not Unicode at all.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const HOSTILE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HOSTILE_TEXT_MESSAGE = 'must be text without NUL characters or broken Unicode';

/**
 * Sizes no field takes, refused before graphql-js coerces (and reports on) every item: the longest
 * text any field accepts is 200,000 characters (a material's text, an assignment's instructions, a
 * seminar's abstract) and the longest list 1,000 items (NIPs to enrol, a seminar's sessions).
 * Each field still checks its own, smaller limit.
 */
export const INPUT_LIMITS = { maxStringLength: 200_000, maxListLength: 1_000, maxNesting: 32 } as const;
const LONG_TEXT_MESSAGE = `must be at most ${INPUT_LIMITS.maxStringLength} characters`;
const LONG_LIST_MESSAGE = `must hold at most ${INPUT_LIMITS.maxListLength} items`;
/**
 * The deepest input (a seminar's sessions, a rubric's levels) nests 4 levels; JSON nested
 * thousands deep would exhaust the stack of any recursive reader, this one and graphql-js's.
 */
const DEEP_MESSAGE = `must be nested at most ${INPUT_LIMITS.maxNesting} levels deep`;
/** graphql-js reads a Float literal such as 1e999 as Infinity, which no field can store or compare. */
const NON_FINITE_MESSAGE = 'must be a finite number';

/** Whether PostgreSQL can take the text as it is: no NUL, no lone surrogate. */
export function isWellFormedText(text: string): boolean {
  return !HOSTILE_TEXT.test(text);
}

function textProblem(text: string): string | undefined {
  if (HOSTILE_TEXT.test(text)) return HOSTILE_TEXT_MESSAGE;
  if (text.length > INPUT_LIMITS.maxStringLength) return LONG_TEXT_MESSAGE;
  return undefined;
}

/** Checks inline arguments and variables; answers BAD_USER_INPUT naming each field (HTTP 400). */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const problems = [...hostileLiterals(document), ...hostileValues(request.variables ?? {}, '')];
          if (problems.length) {
            throw refusedBeforeExecution(badInput(problems));
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

function collectFromLiteral(value: ValueNode, field: string, problems: FieldProblem[], depth = 0): void {
  if ((value.kind === Kind.LIST || value.kind === Kind.OBJECT) && depth >= INPUT_LIMITS.maxNesting) {
    problems.push({ field, message: DEEP_MESSAGE });
    return;
  }
  if (value.kind === Kind.STRING) {
    const message = textProblem(value.value);
    if (message) problems.push({ field, message });
  }
  if (value.kind === Kind.FLOAT && !Number.isFinite(Number(value.value))) problems.push({ field, message: NON_FINITE_MESSAGE });
  if (value.kind === Kind.LIST) {
    if (value.values.length > INPUT_LIMITS.maxListLength) problems.push({ field, message: LONG_LIST_MESSAGE });
    else for (const item of value.values) collectFromLiteral(item, field, problems, depth + 1);
  }
  if (value.kind === Kind.OBJECT) for (const entry of value.fields) collectFromLiteral(entry.value, `${field}.${entry.name.value}`, problems, depth + 1);
}

function hostileValues(value: unknown, field: string, depth = 0): FieldProblem[] {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? [{ field, message }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  // Checked before descending: the check itself must not be what overflows the stack.
  if (depth >= INPUT_LIMITS.maxNesting) return [{ field, message: DEEP_MESSAGE }];
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.maxListLength) return [{ field, message: LONG_LIST_MESSAGE }];
    return value.flatMap((item) => hostileValues(item, field, depth + 1));
  }
  // Keys need no check: graphql-js refuses a key that names no field of the input type.
  return Object.entries(value).flatMap(([key, item]) => hostileValues(item, field ? `${field}.${key}` : key, depth + 1));
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
