import { createHash, randomUUID } from 'node:crypto';
import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_RETENTION_MS, type IdempotencyClaim } from '../db/commit-outcome';
import { IdempotencyKey } from '../db/idempotency-key.entity';
import { appError, badField, conflict, ErrorCode, refusedBeforeExecution } from '../errors';

/** Printable and short enough to index: UUIDs, ULIDs and `device:counter` keys all fit. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;


/**
 * Marks a mutation whose answer must not be kept in the database (it carries a secret or a
 * short-lived link): a repeat with its key answers ALREADY_APPLIED instead of a replay.
 * Use as `@Extensions(ANSWER_NOT_KEPT)` on the mutation.
 */
export const ANSWER_NOT_KEPT = { idempotencyAnswerKept: false } as const;

interface KeyedMutation {
  claim: IdempotencyClaim;
  keepAnswer: boolean;
  replay?: Record<string, unknown>;
}

/**
 * Makes every mutation safe to send again with an `Idempotency-Key` header, per signed-in
 * principal (anonymous mutations — sign-in, token refresh — ignore it: they have no one to scope
 * the key to, and their answers are secrets not to keep). The key is written in the mutation's own
 * transaction (src/db/commit-outcome.ts), so after COMMIT_OUTCOME_UNKNOWN a key on record means
 * "stored": a repeat answers the kept answer, or ALREADY_APPLIED, and never writes twice.
 */
export function idempotencyPlugin<TContext extends { em: EntityManager; logger?: Logger }>(
  schema: GraphQLSchema,
  principalOf: (context: TContext) => string | undefined,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let keyed: KeyedMutation | undefined;
      return {
        async didResolveOperation({ request, source, operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const key = request.http?.headers.get(IDEMPOTENCY_HEADER);
          if (key === undefined) return;
          if (!KEY_PATTERN.test(key)) throw refusedBeforeExecution(badField(IDEMPOTENCY_HEADER, 'must be 8–128 characters of A–Z, a–z, 0–9, _ . : -'));
          const principal = principalOf(contextValue);
          if (!principal) return;
          // `source`: the query as resolved, also when the request sent only its persisted hash.
          const requestHash = createHash('sha256')
            .update(JSON.stringify([source ?? request.query ?? '', request.variables ?? {}, request.operationName ?? null]))
            .digest('hex');
          const claim = { principal, key, requestHash, attempt: randomUUID() };
          const record = await contextValue.em.findOne(
            IdempotencyKey,
            // An expired key is forgotten even before the purge job removes it.
            { principal, key, createdAt: { $gte: new Date(Date.now() - IDEMPOTENCY_RETENTION_MS) } },
            { fields: ['requestHash', 'response'] },
          );
          if (record && record.requestHash !== requestHash) throw refusedBeforeExecution(conflict('Idempotency-Key reused for a different request', IDEMPOTENCY_HEADER));
          if (record?.response) {
            keyed = { claim, keepAnswer: false, replay: record.response };
            return;
          }
          if (record) {
            throw refusedBeforeExecution(appError(ErrorCode.ALREADY_APPLIED, 'A request with this Idempotency-Key was stored; its answer is not kept: reload to see it', {
              retryable: false,
              fields: [{ field: IDEMPOTENCY_HEADER, message: 'already applied' }],
            }));
          }
          keyed = { claim, keepAnswer: answerKept(schema, operation) };
          // Read by the commit hook: the key goes in with the mutation's writes, in one transaction.
          contextValue.em.getLoggerContext({ disableContextResolution: true }).idempotency = claim;
        },

        async responseForOperation() {
          if (!keyed?.replay) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: keyed.replay, extensions: { idempotentReplay: true } } } };
        },

        async willSendResponse({ response, contextValue }) {
          if (!keyed || keyed.replay || !keyed.keepAnswer || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (errors?.length || !data) return;
          const { principal, key, requestHash, attempt } = keyed.claim;
          try {
            // Raw SQL: only this request's row (or none, when the mutation wrote nothing) may take the
            // answer, a condition MikroORM's upsert cannot express. Best effort: the write is stored already.
            await contextValue.em.getConnection().execute(
              `INSERT INTO idempotency_keys AS k (principal, key, request_hash, attempt, response) VALUES (?, ?, ?, ?, ?::jsonb)
               ON CONFLICT (principal, key) DO UPDATE SET response = excluded.response WHERE k.attempt = excluded.attempt`,
              [principal, key, requestHash, attempt, JSON.stringify(data)],
            );
          } catch (error) {
            // Without its answer a repeat is told ALREADY_APPLIED, which is still true.
            contextValue.logger?.warn({ err: error }, 'could not keep the answer of a mutation sent with an Idempotency-Key');
          }
        },
      };
    },
  };
}

/** Whether every root field of the mutation may have its answer kept (fragments: not worth following, not kept). */
function answerKept(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const fields = schema.getMutationType()?.getFields() ?? {};
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && (selection.name.value === '__typename' || fields[selection.name.value]?.extensions?.idempotencyAnswerKept !== false),
  );
}

/** Keys older than the retention: the periodic job's work. */
export async function purgeExpiredIdempotencyKeys(em: EntityManager): Promise<{ idempotencyKeys: number }> {
  const idempotencyKeys = await em.nativeDelete(IdempotencyKey, { createdAt: { $lt: new Date(Date.now() - IDEMPOTENCY_RETENTION_MS) } });
  return { idempotencyKeys };
}
