import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { AppServices } from '../../context';
import { ErrorCode } from '../../errors';
import { findApiKeyForUse } from '../api-key/api-key.secret';
import { Role } from '../user/role';
import { User } from '../user/user.entity';

export type Caller =
  | { kind: 'user'; userId: string; organizationId: string; roles: Role[]; sessionId: string }
  | { kind: 'apiKey'; apiKeyId: string; organizationId: string; roles: Role[] };

function rejected(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/**
 * Resolves the Authorization header into the caller. No header: an anonymous caller. A header
 * that is present but not valid is refused outright, so a client learns at once to refresh.
 */
export async function authenticate(
  app: AppServices,
  em: EntityManager,
  authorization: string | undefined,
): Promise<Caller | undefined> {
  if (!authorization) return undefined;
  const [scheme, credential, ...rest] = authorization.trim().split(/\s+/);
  if (!credential || rest.length) throw rejected('Malformed Authorization header');

  if (scheme.toLowerCase() === 'bearer') {
    const claims = await app.accessTokens.verify(credential);
    if (!claims) throw rejected('Access token is invalid or expired');
    const user = await em.findOne(User, { id: claims.userId, active: true });
    if (!user) throw rejected('Access token is invalid or expired');
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
