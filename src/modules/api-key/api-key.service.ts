import type { Context } from '../../context';
import { badField, forbidden, notFound } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { findById } from '../../graphql/loaders';
import { ApiKey } from './api-key.entity';
import { canManageApiKeys } from './api-key.policy';
import { generateApiKey } from './api-key.secret';
import type { ApiKeysArgs } from './api-key.inputs';

export async function createApiKey(
  ctx: Context,
  organizationId: string,
  name: string,
): Promise<{ apiKey: ApiKey; secret: string }> {
  const trimmedName = name.trim();
  if (trimmedName.length < 2 || trimmedName.length > 100) throw badField('name', 'name must be 2 to 100 characters');
  const organization = await ctx.loaders.organizationById.load(organizationId);
  if (!organization) throw badField('organizationId', 'No organization with this id');
  if (!canManageApiKeys(ctx.caller, organization.id)) throw forbidden();

  const { key, prefix, secretHash } = generateApiKey();
  const apiKey = ctx.em.create(ApiKey, {
    name: trimmedName,
    organization,
    createdBy: ctx.caller?.kind === 'user' ? ctx.caller.userId : undefined,
    prefix,
    secretHash,
  });
  await ctx.em.flush();
  return { apiKey, secret: key };
}

/** Revoking twice is harmless: the key stays revoked as of the first time. */
export async function revokeApiKey(ctx: Context, id: string): Promise<ApiKey> {
  const apiKey = await findById(ctx.em, ApiKey, id);
  if (!apiKey) throw notFound('API key');
  if (!canManageApiKeys(ctx.caller, apiKey.organization.id)) throw forbidden();
  apiKey.revokedAt ??= new Date();
  await ctx.em.flush();
  return apiKey;
}

export async function listApiKeys(ctx: Context, args: ApiKeysArgs): Promise<ConnectionShape<ApiKey>> {
  if (!canManageApiKeys(ctx.caller, args.organizationId)) throw forbidden();
  return findConnection(ctx.em, ApiKey, { organization: args.organizationId }, args, { createdAt: 'desc', id: 'desc' });
}
