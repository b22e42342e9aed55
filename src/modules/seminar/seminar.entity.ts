import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Organization } from '../organization/organization.entity';

export enum SeminarKind {
  SEMINAR = 'SEMINAR',
  WORKSHOP = 'WORKSHOP',
}
registerEnumType(SeminarKind, { name: 'SeminarKind', description: 'Decides the JP rate with the scope (LAN: workshops earn more per day).' });

export enum SeminarScope {
  NATIONAL = 'NATIONAL',
  INTERNATIONAL = 'INTERNATIONAL',
}
registerEnumType(SeminarScope, { name: 'SeminarScope' });

export enum SeminarStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SeminarStatus, {
  name: 'SeminarStatus',
  description: 'DRAFT: only its organizer and admins see it. PUBLISHED: open for registration. CANCELLED: final.',
});

@ObjectType({ description: 'A speaker (narasumber), in the order the organizer lists them.' })
export class SeminarSpeaker {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Institution or office.' })
  affiliation?: string | null;

  @Field(() => String, { nullable: true, description: 'A short biography (plain text).' })
  bio?: string | null;
}

/**
 * A seminar or workshop a partner organization publishes through the API, identified for that
 * partner by its own externalRef so publishing again changes it instead of adding another.
 * startsAt, endsAt and days are derived from the sessions whenever they are replaced (only
 * publishSeminar does), so listings sort and filter without touching the sessions.
 */
@ObjectType({ description: 'A seminar or workshop by a partner organization, with sessions, speakers and registration.' })
@Entity({ tableName: 'seminars' })
@Unique({ properties: ['organizer', 'externalRef'] })
@Index({ properties: ['startsAt', 'id'] })
@Check({ name: 'seminars_capacity_positive', expression: 'capacity >= 1' })
@Check({ name: 'seminars_waitlist_limit_not_negative', expression: 'waitlist_limit IS NULL OR waitlist_limit >= 0' })
@Check({ name: 'seminars_jp_override_positive', expression: 'jp_override IS NULL OR jp_override > 0' })
export class Seminar extends BaseEntity {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organizer!: Ref<Organization>;

  @Field(() => String, { description: 'The organizer’s own id for the seminar (unique per organizer): publishing it again updates this seminar.' })
  @Property({ type: 'text' })
  externalRef!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { description: 'Markdown.' })
  @Property({ type: 'text', default: '' })
  abstract: string & Opt = '';

  @Field(() => SeminarKind)
  @Enum({ items: () => SeminarKind, type: 'text' })
  kind!: SeminarKind;

  @Field(() => SeminarScope)
  @Enum({ items: () => SeminarScope, type: 'text' })
  scope!: SeminarScope;

  @Field(() => Float, { nullable: true, description: 'JP set explicitly by the organizer; null applies the LAN rule (see jp, jpRule).' })
  @Property({ type: 'decimal', precision: 5, scale: 1, runtimeType: 'number', nullable: true })
  jpOverride?: number | null;

  /** Distinct local calendar days with a session (each session counts on the day it starts, in its own zone). */
  @Field(() => Int, { description: 'Seminar days: distinct local calendar days on which a session starts.' })
  @Property({ type: 'integer' })
  days!: number;

  @Field(() => Int, { description: 'Seats; registrations beyond them join the waitlist.' })
  @Property({ type: 'integer' })
  capacity!: number;

  @Field(() => Int, { nullable: true, description: 'Places on the waitlist; null for no limit, 0 for no waitlist.' })
  @Property({ type: 'integer', nullable: true })
  waitlistLimit?: number | null;

  @Field(() => Date, { description: 'Registration is open until then.' })
  @Property({ type: 'datetime' })
  registrationClosesAt!: Date;

  @Field(() => SeminarStatus)
  @Enum({ items: () => SeminarStatus, type: 'text', default: SeminarStatus.DRAFT })
  @Index()
  status: SeminarStatus & Opt = SeminarStatus.DRAFT;

  @Field(() => String, { nullable: true, description: 'Where it takes place, unless a session says otherwise.' })
  @Property({ type: 'text', nullable: true })
  venue?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) link to join online, unless a session says otherwise.' })
  @Property({ type: 'text', nullable: true })
  onlineUrl?: string | null;

  @Field(() => [SeminarSpeaker])
  @Property({ type: 'json', default: '[]' })
  speakers: SeminarSpeaker[] & Opt = [];

  /** Target agencies: learners of these agencies (or of their sub-agencies) may register; none means everyone. */
  @ManyToMany({ entity: () => Organization, pivotTable: 'seminar_audience_agencies', joinColumn: 'seminar_id', inverseJoinColumn: 'organization_id' })
  audienceAgencies = new Collection<Organization>(this);

  /** Target positions (jabatan), as the organizer words them: shown, not enforced (users.position is free text). */
  @Property({ type: 'text[]', default: '{}' })
  audiencePositions: string[] & Opt = [];

  @Field(() => Date, { description: 'Start of the first session.' })
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field(() => Date, { description: 'End of the last session.' })
  @Property({ type: 'datetime' })
  @Index()
  endsAt!: Date;

  /** Hands out each registration's place in line under the seminar's row lock (see registration). */
  @Property({ type: 'integer', default: 0 })
  lastQueueNumber: number & Opt = 0;

  @Field(() => Date, { nullable: true, description: 'When it was first published.' })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date;
}

/**
 * One sitting of a seminar, in its own IANA time zone. Ids stay stable across republishing
 * (matched by externalRef, else by position), so attendance can point at them.
 */
@ObjectType({ description: 'One session of a seminar: a time window in an IANA time zone, in person and/or online.' })
@Entity({ tableName: 'seminar_sessions' })
@Unique({ properties: ['seminar', 'externalRef'] })
@Index({ properties: ['seminar', 'position'] })
@Check({ name: 'seminar_sessions_ends_after_start', expression: 'ends_at > starts_at' })
export class SeminarSession extends BaseEntity {
  @ManyToOne(() => Seminar, { ref: true, deleteRule: 'cascade' })
  seminar!: Ref<Seminar>;

  @Field(() => Int, { description: '1-based, in the order the organizer sent them.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String, { nullable: true, description: 'The organizer’s own id for the session; keeps its id stable when republished.' })
  @Property({ type: 'text', nullable: true })
  externalRef?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  endsAt!: Date;

  @Field(() => String, { description: 'IANA time zone the session is held in; Sibolga is Asia/Jakarta.' })
  @Property({ type: 'text' })
  timeZone!: string;

  @Field(() => String, { nullable: true, description: 'Overrides the seminar’s venue for this session.' })
  @Property({ type: 'text', nullable: true })
  venue?: string | null;

  @Field(() => String, { nullable: true, description: 'Overrides the seminar’s online link for this session.' })
  @Property({ type: 'text', nullable: true })
  onlineUrl?: string | null;
}
