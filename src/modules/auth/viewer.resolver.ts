import { Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { me } from '../user/user.service';

export enum CallerKind {
  ANONYMOUS = 'ANONYMOUS',
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(CallerKind, { name: 'CallerKind' });

@ObjectType({ description: 'Who the API takes the caller to be: lets partner systems check their key.' })
export class Viewer {
  @Field(() => CallerKind)
  kind!: CallerKind;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => Organization, { nullable: true })
  organization?: Organization | null;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer)
  async viewer(@Ctx() ctx: Context): Promise<Viewer> {
    const caller = ctx.caller;
    if (!caller) return { kind: CallerKind.ANONYMOUS, roles: [] };
    return {
      kind: caller.kind === 'user' ? CallerKind.USER : CallerKind.API_KEY,
      roles: caller.roles,
      user: await me(ctx),
      organization: await ctx.loaders.organizationById.load(caller.organizationId),
    };
  }
}
