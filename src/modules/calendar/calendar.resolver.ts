import { Args, Authorized, Ctx, Extensions, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { Cohort } from '../cohort/cohort.entity';
import { Seminar } from '../seminar/seminar.entity';
import { rotateCalendarFeedToken, revokeCalendarFeedToken } from './calendar-feed.service';
import { seminarFeedUrl } from './calendar.links';
import { CalendarFeedLink, MyScheduleArgs, ScheduleItem } from './calendar.types';
import { mySchedule } from './schedule.service';

@Resolver(() => ScheduleItem)
export class ScheduleResolver {
  @Authorized()
  @Query(() => [ScheduleItem], {
    description:
      'The signed-in person’s sessions between from and to, by start: seminars they are CONFIRMED for and (unless ' +
      'includeWaitlisted is false) WAITLISTED for, cancelled ones flagged; classroom sessions of cohorts they are ACTIVE in. BAD_USER_INPUT for a range over 366 days.',
  })
  mySchedule(@Ctx() ctx: Context, @Args(() => MyScheduleArgs) args: MyScheduleArgs) {
    return mySchedule(ctx, args);
  }

  @Authorized()
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => CalendarFeedLink, {
    description:
      'Makes a new secret iCalendar feed URL for the signed-in person; the previous URL stops working. ' +
      'The URL is shown only here: keep it like a password.',
  })
  rotateCalendarFeedToken(@Ctx() ctx: Context) {
    return rotateCalendarFeedToken(ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Stops the signed-in person’s feed URL working; false when there was none.' })
  revokeCalendarFeedToken(@Ctx() ctx: Context) {
    return revokeCalendarFeedToken(ctx);
  }

  @FieldResolver(() => Seminar, { nullable: true, description: 'The seminar of a SEMINAR_SESSION item.' })
  seminar(@Root() item: ScheduleItem, @Ctx() ctx: Context) {
    return item.seminarId ? ctx.loaders.seminarById.load(item.seminarId) : null;
  }

  @FieldResolver(() => Cohort, { nullable: true, description: 'The cohort of a CLASSROOM_SESSION item.' })
  cohort(@Root() item: ScheduleItem, @Ctx() ctx: Context) {
    return item.cohortId ? ctx.loaders.cohortById.load(item.cohortId) : null;
  }
}

@Resolver(() => Seminar)
export class SeminarCalendarResolver {
  @FieldResolver(() => String, { description: 'Public iCalendar feed of the seminar’s sessions (PUBLIC_BASE_URL/calendar/seminars/<id>.ics).' })
  icsUrl(@Root() seminar: Seminar, @Ctx() ctx: Context) {
    return seminarFeedUrl(ctx.app.config.publicBaseUrl, seminar.id);
  }
}

export const calendarResolvers = [ScheduleResolver, SeminarCalendarResolver] as const;
