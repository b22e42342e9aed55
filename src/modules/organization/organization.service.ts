import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { badField, notFound } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { Organization, OrganizationKind } from './organization.entity';
import type { CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './organization.inputs';

const NAME_TAKEN = { organizations_name_unique: { field: 'name', message: 'An organization with this name exists' } };

export function listOrganizations(ctx: Context, args: OrganizationsArgs): Promise<ConnectionShape<Organization>> {
  return findConnection(ctx.em, Organization, args.kind ? { kind: args.kind } : {}, args, { name: 'asc', id: 'asc' });
}

export async function getOrganization(ctx: Context, id: string): Promise<Organization> {
  const organization = await ctx.loaders.organizationById.load(id);
  if (!organization) throw notFound('Organization');
  return organization;
}

export async function createOrganization(ctx: Context, input: CreateOrganizationInput): Promise<Organization> {
  // Validated before the entity exists: the parent lookup would otherwise auto-flush it half made.
  const parentId = input.parentId ? await validParentId(ctx, { kind: input.kind }, input.parentId) : undefined;
  const organization = ctx.em.create(Organization, { name: input.name.trim(), kind: input.kind });
  if (parentId) organization.parent = ctx.em.getReference(Organization, parentId, { wrapped: true });
  await withUniqueFields(() => ctx.em.flush(), NAME_TAKEN);
  return organization;
}

export async function updateOrganization(
  ctx: Context,
  id: string,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  const organization = await getOrganization(ctx, id);
  // Validated before any change: the parent lookup would otherwise auto-flush a refused update.
  const parentId = input.parentId ? await validParentId(ctx, organization, input.parentId) : undefined;
  if (input.name !== undefined && input.name !== null) organization.name = input.name.trim();
  if (input.parentId === null) organization.parent = undefined;
  if (parentId) organization.parent = ctx.em.getReference(Organization, parentId, { wrapped: true });
  await withUniqueFields(() => ctx.em.flush(), NAME_TAKEN);
  return organization;
}

/** Only agencies nest, under agencies, and never under themselves or their own sub-agencies. */
async function validParentId(
  ctx: Context,
  organization: { id?: string; kind: OrganizationKind },
  parentId: string,
): Promise<string> {
  if (organization.kind !== OrganizationKind.AGENCY) {
    throw badField('parentId', 'Only agencies can belong to a parent organization');
  }
  let ancestor = await ctx.em.findOne(Organization, { id: parentId });
  if (!ancestor) throw badField('parentId', 'No organization with this id');
  if (ancestor.kind !== OrganizationKind.AGENCY) throw badField('parentId', 'The parent must be an agency');
  for (let depth = 0; ancestor; depth += 1) {
    if (ancestor.id === organization.id || depth > 20) {
      throw badField('parentId', 'An agency cannot be placed under itself or one of its sub-agencies');
    }
    ancestor = ancestor.parent ? await ctx.em.findOne(Organization, { id: ancestor.parent.id }) : null;
  }
  return parentId;
}
