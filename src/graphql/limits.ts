import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type GraphQLSchema, getVariableValues, type ValidationContext, type ValidationRule } from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { appError, badField, badInput, ErrorCode, refusedBeforeExecution } from '../errors';
import { DEFAULT_PAGE_SIZE } from './connection';

export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 5_000,
  /** `@include`/`@skip` are all the schema has; 50 serves any real client, thousands only cost parsing. */
  maxDirectives: 50,
  maxCost: 5_000,
} as const;

function tooComplex(context: ValidationContext | null, error: GraphQLError) {
  context?.reportError(appError(ErrorCode.QUERY_TOO_COMPLEX, error.message.replace(/^Syntax Error: /, '')));
}

/** Depth, alias and directive limits run as validation rules, before anything executes. */
export function queryLimitRules(): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true, onReject: [tooComplex] };
  return [
    maxDepthRule({ n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, ...common }) as unknown as ValidationRule,
    maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...common }) as unknown as ValidationRule,
    maxDirectivesRule,
  ];
}

/** Counts directives in the whole document (fragments included, each where it is written). */
const maxDirectivesRule: ValidationRule = (context) => {
  let count = 0;
  return {
    Directive() {
      count += 1;
      if (count === QUERY_LIMITS.maxDirectives + 1) {
        context.reportError(appError(ErrorCode.QUERY_TOO_COMPLEX, `Too many directives: the limit is ${QUERY_LIMITS.maxDirectives}`));
      }
    },
  };
};

/**
 * A list field costs its children once per requested item (`first`, or the default page),
 * so nested connections multiply as they do in the database.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (!('first' in args) && !('last' in args)) return undefined;
  const pageSize = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
  return 1 + childComplexity * Math.max(1, Number.isFinite(pageSize) ? pageSize : DEFAULT_PAGE_SIZE);
};

/**
 * Cost is computed once variables are known, so `first: $n` counts like a literal. `charge` sees
 * the cost of every operation within the limit before it executes, and may refuse it by throwing.
 */
export function queryCostPlugin(schema: GraphQLSchema, charge?: (cost: number, contextValue: object) => Promise<void>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          const variables = request.variables ?? {};
          // Variables that do not fit their types: execution refuses them (BAD_USER_INPUT)
          // before any resolver runs, whereas getComplexity would throw an uncoded error (a 500).
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], variables).errors) return;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables,
              estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Arguments are coerced here first. The one case validation lets through is null sent in
            // a nullable variable to a non-null argument that has a default: the client's mistake.
            if (error instanceof GraphQLError) throw refusedBeforeExecution(argumentError(error));
            throw error;
          }
          if (cost > QUERY_LIMITS.maxCost) {
            throw appError(
              ErrorCode.QUERY_TOO_COMPLEX,
              `Query cost ${cost} exceeds the limit of ${QUERY_LIMITS.maxCost}; ask for fewer items or fields`,
              { cost, maxCost: QUERY_LIMITS.maxCost, http: { status: 400 } },
            );
          }
          await charge?.(cost, contextValue);
        },
      };
    },
  };
}

/** graphql-js's refusal of an argument's value as BAD_USER_INPUT naming the argument where it can. */
function argumentError(error: GraphQLError): GraphQLError {
  const argument = /^Argument "([^"]+)"/.exec(error.message)?.[1];
  return argument ? badField(argument, error.message) : badInput([], error.message);
}
