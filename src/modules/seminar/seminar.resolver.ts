import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { SeminarMaterialResolver, SeminarMaterialsResolver } from './seminar-material.resolver';
import { NotificationSeminarResolver } from './seminar-notification.resolver';
import { SeminarRegistration } from './seminar-registration.entity';
import { SeminarRegistrationResolver } from './seminar-registration.resolver';
import { cancelSeminar, unpublishSeminar } from './seminar-status.service';
import { publishSeminar } from './seminar-publish.service';
import { Seminar, SeminarSession } from './seminar.entity';
import { RegistrationConnection, RegistrationsArgs, SeminarAudience, SeminarConnection, SeminarInput, SeminarsArgs } from './seminar.inputs';
import * as seminars from './seminar.service';


@Resolver(() => Seminar)
export class SeminarResolver {
  @Authorized()
  @Query(() => Seminar, { nullable: true, description: 'Published and cancelled seminars for anyone signed in; drafts for their organizer and admins; null otherwise.' })
  seminar(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return seminars.findSeminar(ctx, id);
  }

  @Authorized()
  @Query(() => SeminarConnection, { description: 'The seminar calendar, by first session start.' })
  seminars(@Ctx() ctx: Context, @Args(() => SeminarsArgs) args: SeminarsArgs) {
    return seminars.listSeminars(ctx, args);
  }

  @Authorized(Role.PARTNER, Role.ADMIN)
  @Mutation(() => Seminar, {
    description:
      'Creates or replaces (by organizer and externalRef) a seminar with its sessions, speakers and audience. ' +
      'Partners publish for their own organization (with an API key or as a person); admins for any (organizerId).',
  })
  publishSeminar(@Ctx() ctx: Context, @Arg('input', () => SeminarInput) input: SeminarInput) {
    return publishSeminar(ctx, input);
  }

  @Authorized(Role.PARTNER, Role.ADMIN)
  @Mutation(() => Seminar, { description: 'Cancels the seminar for good and notifies everyone registered (confirmed or waitlisted).' })
  cancelSeminar(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return cancelSeminar(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Seminar, { description: 'Takes a seminar back to DRAFT (out of the calendar); registrations stay.' })
  unpublishSeminar(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return unpublishSeminar(ctx, id);
  }

  @FieldResolver(() => Organization)
  organizer(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return seminars.organizerOf(ctx, seminar);
  }

  @FieldResolver(() => [SeminarSession], { description: 'In the order the organizer sent them.' })
  sessions(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return ctx.loaders.sessionsBySeminar.load(seminar.id);
  }

  @FieldResolver(() => SeminarAudience)
  audience(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return seminars.audienceOf(ctx, seminar);
  }

  @FieldResolver(() => Float, { description: 'JP credited for attending: jpOverride, else days × the LAN rate.' })
  jp(@Root() seminar: Seminar) {
    return seminars.jpOf(seminar);
  }

  @FieldResolver(() => String, { description: 'How jp came about, e.g. "2 hari × 4 JP (seminar nasional) = 8 JP".' })
  jpRule(@Root() seminar: Seminar) {
    return seminars.jpRuleOf(seminar);
  }

  @FieldResolver(() => Boolean, { description: 'PUBLISHED and before registrationClosesAt.' })
  registrationOpen(@Root() seminar: Seminar) {
    return seminars.registrationOpen(seminar);
  }

  @FieldResolver(() => Int, { description: 'Registrations holding a seat.' })
  async confirmedCount(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return (await ctx.loaders.registrationCountsBySeminar.load(seminar.id)).confirmed;
  }

  @FieldResolver(() => Int)
  async waitlistCount(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return (await ctx.loaders.registrationCountsBySeminar.load(seminar.id)).waitlisted;
  }

  @FieldResolver(() => Int)
  seatsLeft(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return seminars.seatsLeft(ctx, seminar);
  }

  @FieldResolver(() => SeminarRegistration, { nullable: true, description: 'The signed-in person’s registration, in any status; null if none.' })
  myRegistration(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return seminars.myRegistration(ctx, seminar);
  }

  @FieldResolver(() => RegistrationConnection, { nullable: true, description: 'Who registered, in line order (the organizer’s partners and admins only).' })
  registrations(@Root() seminar: Seminar, @Ctx() ctx: Context, @Args(() => RegistrationsArgs) args: RegistrationsArgs) {
    return seminars.registrationsOf(ctx, seminar, args);
  }
}

export const seminarResolvers = [
  SeminarResolver,
  SeminarRegistrationResolver,
  SeminarMaterialResolver,
  SeminarMaterialsResolver,
  NotificationSeminarResolver,
] as const;
