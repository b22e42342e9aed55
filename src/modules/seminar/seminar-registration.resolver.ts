import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { User } from '../user/user.entity';
import { RegistrationStatus, SeminarRegistration } from './seminar-registration.entity';
import { cancelRegistration, registerForSeminar } from './seminar-registration.service';
import { Seminar } from './seminar.entity';
import { MyRegistrationsArgs, RegistrationConnection } from './seminar.inputs';
import * as seminars from './seminar.service';

@Resolver(() => SeminarRegistration)
export class SeminarRegistrationResolver {
  @Authorized()
  @Query(() => RegistrationConnection, { description: 'The signed-in person’s seminar registrations, latest first.' })
  mySeminarRegistrations(@Ctx() ctx: Context, @Args(() => MyRegistrationsArgs) args: MyRegistrationsArgs) {
    return seminars.myRegistrations(ctx, args);
  }

  @Authorized()
  @Mutation(() => SeminarRegistration, {
    description:
      'Registers the signed-in person: CONFIRMED while seats last, else WAITLISTED (in order). Registering again answers ' +
      'the same registration. CONFLICT when cancelled, closed or full (waitlist too); FORBIDDEN outside the audience.',
  })
  registerForSeminar(@Ctx() ctx: Context, @Arg('seminarId', () => ID) seminarId: string) {
    return registerForSeminar(ctx, seminarId);
  }

  @Authorized()
  @Mutation(() => SeminarRegistration, { description: 'Cancels one’s registration; a freed seat goes to the first on the waitlist, who is notified.' })
  cancelRegistration(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return cancelRegistration(ctx, id);
  }

  @FieldResolver(() => Seminar)
  seminar(@Root() registration: SeminarRegistration, @Ctx() ctx: Context) {
    return seminars.seminarOfRegistration(ctx, registration);
  }

  @FieldResolver(() => User)
  user(@Root() registration: SeminarRegistration, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(registration.user.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: '1-based place among those now waitlisted, in line order; null unless WAITLISTED.' })
  waitlistPosition(@Root() registration: SeminarRegistration, @Ctx() ctx: Context) {
    return registration.status === RegistrationStatus.WAITLISTED ? seminars.waitlistPosition(ctx, registration) : null;
  }
}
