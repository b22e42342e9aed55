import { Arg, Authorized, Ctx, Extensions, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { User } from '../user/user.entity';
import { ChangePasswordInput } from '../user/user.inputs';
import { changePassword } from '../user/user.service';
import * as auth from './auth.service';

@ObjectType()
export class AuthPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field(() => Date)
  accessTokenExpiresAt!: Date;

  @Field(() => String, { description: 'Single use: refreshToken answers a new one each time.' })
  refreshToken!: string;

  @Field(() => Date)
  refreshTokenExpiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@Resolver()
export class AuthResolver {
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => AuthPayload)
  login(@Ctx() ctx: Context, @Arg('email', () => String) email: string, @Arg('password', () => String) password: string) {
    return auth.login(ctx, email, password);
  }

  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => AuthPayload, { description: 'Rotates the refresh token; reusing a spent one ends the session.' })
  refreshToken(@Ctx() ctx: Context, @Arg('refreshToken', () => String) refreshToken: string) {
    return auth.refresh(ctx, refreshToken);
  }

  @Mutation(() => Boolean)
  logout(@Ctx() ctx: Context, @Arg('refreshToken', () => String) refreshToken: string) {
    return auth.logout(ctx, refreshToken);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends every other session of the account.' })
  changePassword(@Ctx() ctx: Context, @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput) {
    return changePassword(ctx, input);
  }
}
