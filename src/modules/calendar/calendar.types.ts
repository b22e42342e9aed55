import { IsDate, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RegistrationStatus } from '../seminar/seminar-registration.entity';

/** The window a schedule covers; the service bounds it, each source of items reads within it. */
export interface ScheduleRange {
  from: Date;
  to: Date;
}

export enum ScheduleItemKind {
  SEMINAR_SESSION = 'SEMINAR_SESSION',
  CLASSROOM_SESSION = 'CLASSROOM_SESSION',
}
registerEnumType(ScheduleItemKind, {
  name: 'ScheduleItemKind',
  description: 'What an item of the schedule is: a session of a seminar, or a classroom session of a cohort one is enrolled in.',
});

@ObjectType({ description: 'One entry of a person’s schedule: a time window with where it takes place.' })
export class ScheduleItem {
  @Field(() => ScheduleItemKind)
  kind!: ScheduleItemKind;

  @Field(() => ID, { description: 'The session this item is (a SeminarSession id for SEMINAR_SESSION, a CohortSession id for CLASSROOM_SESSION).' })
  sessionId!: string;

  @Field(() => String, { description: 'The seminar (or course) title, with the session title after a dash when the session has one.' })
  title!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => String, { description: 'IANA time zone the session is held in.' })
  timeZone!: string;

  @Field(() => String, { nullable: true, description: 'The session’s venue, else the seminar’s.' })
  venue?: string | null;

  @Field(() => String, { nullable: true, description: 'The session’s online link, else the seminar’s.' })
  onlineUrl?: string | null;

  @Field(() => RegistrationStatus, { nullable: true, description: 'CONFIRMED or WAITLISTED for seminar sessions.' })
  registrationStatus?: RegistrationStatus | null;

  @Field(() => Boolean, { description: 'The seminar was cancelled: the session will not take place.' })
  cancelled!: boolean;

  /** Resolved to `seminar` through the per-request loader. */
  seminarId?: string | null;

  /** Resolved to `cohort` through the per-request loader. */
  cohortId?: string | null;
}

@ObjectType('CalendarFeed', { description: 'A person’s secret iCalendar feed. The URL is shown only when made; anyone holding it can read the schedule.' })
export class CalendarFeedLink {
  @Field(() => String, { description: 'PUBLIC_BASE_URL/calendar/users/<token>.ics, to subscribe to in a calendar app.' })
  url!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ArgsType()
export class MyScheduleArgs {
  @Field(() => Date, { nullable: true, description: 'Items ending after this instant; default one day ago (or 91 days before `to`).' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Items starting before this instant; default 90 days from now (or 91 days after `from`). At most 366 days after `from`.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => Boolean, { defaultValue: true, description: 'Also sessions of seminars one is waitlisted for (registrationStatus WAITLISTED).' })
  includeWaitlisted!: boolean;
}
