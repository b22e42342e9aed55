import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection, ConnectionArgs } from '../../graphql/connection';
import { Organization } from '../organization/organization.entity';
import { RegistrationStatus, SeminarRegistration } from './seminar-registration.entity';
import { Seminar, SeminarKind, SeminarScope, SeminarStatus } from './seminar.entity';

/*
 * The decorators here only bound the payload (far above the real limits); seminar.rules.ts
 * checks every field and names it with its path (input.sessions[1].timeZone).
 */

@InputType({ description: 'A speaker; the list order is the order shown.' })
export class SeminarSpeakerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  affiliation?: string | null;

  @Field(() => String, { nullable: true, description: 'Short biography, plain text (at most 2,000 characters).' })
  bio?: string | null;
}

@InputType({ description: 'One session. Sessions with an externalRef keep their id when the seminar is published again (else they are matched by position).' })
export class SeminarSessionInput {
  @Field(() => String, { nullable: true, description: 'The organizer’s own id for the session, unique within the seminar.' })
  externalRef?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date, { description: 'After startsAt, at most 24 hours later (one session per day).' })
  endsAt!: Date;

  @Field(() => String, { nullable: true, defaultValue: 'Asia/Jakarta', description: 'IANA time zone, e.g. Asia/Jakarta (Sibolga), Asia/Makassar.' })
  timeZone?: string | null;

  @Field(() => String, { nullable: true })
  venue?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) link.' })
  onlineUrl?: string | null;
}

@InputType({ description: 'Who the seminar is for. No agencies: everyone may register.' })
export class SeminarAudienceInput {
  @Field(() => [ID], { nullable: true, description: 'AGENCY organizations; their learners and those of their sub-agencies may register.' })
  organizationIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Target positions (jabatan), shown to learners; not enforced.' })
  positions?: string[] | null;
}

@InputType({ description: 'The whole seminar: publishSeminar creates it or replaces it (by organizer and externalRef).' })
export class SeminarInput {
  @Field(() => String, { description: 'The organizer’s own id for the seminar; publishing the same externalRef again updates it.' })
  @MaxLength(1000)
  externalRef!: string;

  @Field(() => ID, { nullable: true, description: 'The organizing organization: the caller’s own by default; admins name one.' })
  @IsOptional()
  @IsUUID('all', { message: 'organizerId must be an organization id' })
  organizerId?: string | null;

  @Field(() => String)
  @MaxLength(10_000)
  title!: string;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  @IsOptional()
  @MaxLength(200_000)
  abstract?: string | null;

  @Field(() => SeminarKind, { nullable: true, defaultValue: SeminarKind.SEMINAR })
  kind?: SeminarKind | null;

  @Field(() => SeminarScope, { nullable: true, defaultValue: SeminarScope.NATIONAL })
  scope?: SeminarScope | null;

  @Field(() => Float, { nullable: true, description: 'Explicit JP credit; null applies the LAN rule (per day: seminar 4 national / 6 international, workshop 5 / 7).' })
  jpOverride?: number | null;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int, { nullable: true, description: 'Waitlist places; null (default) for no limit, 0 for no waitlist.' })
  waitlistLimit?: number | null;

  @Field(() => Date, { nullable: true, description: 'Before the first session ends; by default when the first session starts.' })
  registrationClosesAt?: Date | null;

  @Field(() => SeminarStatus, { nullable: true, defaultValue: SeminarStatus.PUBLISHED, description: 'DRAFT or PUBLISHED.' })
  status?: SeminarStatus | null;

  @Field(() => String, { nullable: true })
  venue?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) link.' })
  onlineUrl?: string | null;

  @Field(() => [SeminarSpeakerInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(1000)
  speakers?: SeminarSpeakerInput[] | null;

  @Field(() => [SeminarSessionInput])
  @ArrayMaxSize(1000)
  sessions!: SeminarSessionInput[];

  @Field(() => SeminarAudienceInput, { nullable: true })
  audience?: SeminarAudienceInput | null;
}

@InputType()
export class SeminarFilter {
  @Field(() => Boolean, { nullable: true, description: 'true: a session still ends in the future; false: over.' })
  @IsOptional()
  @IsBoolean()
  upcoming?: boolean | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'organizerId must be an organization id' })
  organizerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Seminars this agency’s learners may join: open to everyone, or targeting it or an agency above it.' })
  @IsOptional()
  @IsUUID('all', { message: 'audienceOrganizationId must be an organization id' })
  audienceOrganizationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Exactly this externalRef (the organizer’s own id; with organizerId, at most one seminar): lets a partner system find what it published.',
  })
  @IsOptional()
  @MaxLength(200)
  externalRef?: string | null;

  @Field(() => String, { nullable: true, description: 'Words in the title or abstract (case-insensitive).' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => SeminarStatus, { nullable: true, description: 'Learners only ever see PUBLISHED and CANCELLED seminars; drafts are for their organizer and admins.' })
  @IsOptional()
  @IsIn(Object.values(SeminarStatus))
  status?: SeminarStatus | null;
}

@ArgsType()
export class SeminarsArgs extends ConnectionArgs {
  @Field(() => SeminarFilter, { nullable: true })
  @IsOptional()
  filter?: SeminarFilter | null;
}

@ArgsType()
export class RegistrationsArgs extends ConnectionArgs {
  @Field(() => RegistrationStatus, { nullable: true, description: 'Only this status; all when omitted.' })
  @IsOptional()
  @IsIn(Object.values(RegistrationStatus))
  status?: RegistrationStatus | null;
}

@ArgsType()
export class MyRegistrationsArgs extends RegistrationsArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: seminars not over yet; false: over.' })
  @IsOptional()
  @IsBoolean()
  upcoming?: boolean | null;
}

@ObjectType({ description: 'Who a seminar is for.' })
export class SeminarAudience {
  @Field(() => [Organization], { description: 'Target agencies; empty: open to everyone.' })
  organizations!: Organization[];

  @Field(() => [String], { description: 'Target positions (jabatan), as the organizer words them.' })
  positions!: string[];
}

export const SeminarConnection = Connection('Seminar', Seminar);
export const RegistrationConnection = Connection('Registration', SeminarRegistration);
