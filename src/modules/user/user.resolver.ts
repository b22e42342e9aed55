import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection } from '../../graphql/connection';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { User } from './user.entity';
import { CreateUserInput, ResetPasswordInput, UpdateUserInput, UsersArgs } from './user.inputs';
import * as users from './user.service';

const UserConnection = Connection('User', User);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The logged-in person; null for anonymous or API-key callers.' })
  me(@Ctx() ctx: Context) {
    return users.me(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => UserConnection)
  users(@Ctx() ctx: Context, @Args(() => UsersArgs) args: UsersArgs) {
    return users.listUsers(ctx, args);
  }

  @Authorized()
  @Query(() => User, { nullable: true })
  user(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return users.getUser(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User)
  createUser(@Ctx() ctx: Context, @Arg('input', () => CreateUserInput) input: CreateUserInput) {
    return users.createUser(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User)
  updateUser(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
  ) {
    return users.updateUser(ctx, id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, {
    description: 'Sets a new password for an account whose owner forgot theirs, and ends all its sessions. BAD_USER_INPUT on newPassword under 10 characters; NOT_FOUND for an unknown user.',
  })
  resetPassword(@Ctx() ctx: Context, @Arg('userId', () => ID) userId: string, @Arg('input', () => ResetPasswordInput) input: ResetPasswordInput) {
    return users.resetPassword(ctx, userId, input);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() user: User, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(user.organization.id);
  }
}
