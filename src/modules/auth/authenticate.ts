import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors';
import { findApiKeyForUse } from '../api-key/api-key.secret';
import { type Caller, Role } from '../../identity';
import type { AccessTokens } from '../../access-tokens';
import { User } from '../user/user.entity';

const SESSION_ENDED = 'Your session has ended; log in again';

function rejected(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/**
 * The active user behind an access token, if the token's session (its refresh-token family)
 * is still live. Logout, refresh-token reuse, a password change (other sessions) and
 * deactivation all revoke the family's rows in the shared database, so every API process
 * refuses the session's access tokens on their next request, not when they expire. It stays
 * one statement per request, as looking up the user alone was: the user by primary key, and an
 * EXISTS that the indexes on refresh_tokens (family_id, user_id) answer.
 */
async function findUserOfLiveSession(em: EntityManager, userId: string, sessionId: string): Promise<User | null> {
  return em
    .createQueryBuilder(User, 'u')
    .select('*')
    .where({ id: userId, active: true })
    // raw SQL: an EXISTS on refresh_tokens in the same statement as the user's row (one query per request)
    .andWhere(
      'exists (select 1 from refresh_tokens r where r.family_id = ? and r.user_id = u.id and r.revoked_at is null)',
      [sessionId],
    )
    .getSingleResult();
}

/**
 * Resolves the Authorization header into the caller. No header: an anonymous caller. A header
 * that is present but not valid is refused outright, so a client learns at once to refresh.
 * It takes the token verifier, not the AppServices of context.ts, which calls it.
 */
export async function authenticate(
  accessTokens: AccessTokens,
  em: EntityManager,
  authorization: string | undefined,
): Promise<Caller | undefined> {
  if (!authorization) return undefined;
  const [scheme, credential, ...rest] = authorization.trim().split(/\s+/);
  if (!credential || rest.length) throw rejected('Malformed Authorization header');

  if (scheme.toLowerCase() === 'bearer') {
    const claims = await accessTokens.verify(credential);
    if (!claims) throw rejected('Access token is invalid or expired');
    const user = await findUserOfLiveSession(em, claims.userId, claims.sessionId);
    if (!user) throw rejected(SESSION_ENDED);
    return {
      kind: 'user',
      userId: user.id,
      organizationId: user.organization.id,
      roles: user.roles,
      sessionId: claims.sessionId,
    };
  }

  if (scheme.toLowerCase() === 'apikey') {
    const apiKey = await findApiKeyForUse(em, credential);
    if (!apiKey) throw rejected('API key is invalid or revoked');
    return { kind: 'apiKey', apiKeyId: apiKey.id, organizationId: apiKey.organization.id, roles: [Role.PARTNER] };
  }

  throw rejected('Unsupported Authorization scheme: use Bearer <access token> or ApiKey <key>');
}
