import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection } from '../../graphql/connection';
import { Role } from '../../identity';
import { Organization } from './organization.entity';
import { CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './organization.inputs';
import * as organizations from './organization.service';

const OrganizationConnection = Connection('Organization', Organization);

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized()
  @Query(() => OrganizationConnection)
  organizations(@Ctx() ctx: Context, @Args(() => OrganizationsArgs) args: OrganizationsArgs) {
    return organizations.listOrganizations(ctx, args);
  }

  @Authorized()
  @Query(() => Organization, { nullable: true })
  organization(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.loaders.organizationById.load(id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Organization)
  createOrganization(@Ctx() ctx: Context, @Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput) {
    return organizations.createOrganization(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Organization)
  updateOrganization(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput,
  ) {
    return organizations.updateOrganization(ctx, id, input);
  }

  @FieldResolver(() => Organization, { nullable: true })
  parent(@Root() organization: Organization, @Ctx() ctx: Context) {
    return organization.parent ? ctx.loaders.organizationById.load(organization.parent.id) : null;
  }
}
