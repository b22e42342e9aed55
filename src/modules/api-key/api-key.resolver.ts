import { Arg, Args, Authorized, Ctx, Extensions, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { Connection } from '../../graphql/connection';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { ApiKey } from './api-key.entity';
import { ApiKeysArgs } from './api-key.inputs';
import * as apiKeys from './api-key.service';

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => String, { description: 'The key itself. Shown only now: Pelita keeps just its hash.' })
  secret!: string;
}

const ApiKeyConnection = Connection('ApiKey', ApiKey);

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(Role.ADMIN, Role.PARTNER)
  @Query(() => ApiKeyConnection)
  apiKeys(@Ctx() ctx: Context, @Args(() => ApiKeysArgs) args: ApiKeysArgs) {
    return apiKeys.listApiKeys(ctx, args);
  }

  @Authorized(Role.ADMIN, Role.PARTNER)
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => ApiKeyPayload)
  createApiKey(
    @Ctx() ctx: Context,
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('name', () => String) name: string,
  ) {
    return apiKeys.createApiKey(ctx, organizationId, name);
  }

  @Authorized(Role.ADMIN, Role.PARTNER)
  @Mutation(() => ApiKey)
  revokeApiKey(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return apiKeys.revokeApiKey(ctx, id);
  }

  @FieldResolver(() => Organization)
  organization(@Root() apiKey: ApiKey, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(apiKey.organization.id);
  }
}
