import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { User } from '../user/user.entity';
import { Seminar } from './seminar.entity';

export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: 'CONFIRMED holds a seat; WAITLISTED waits in line for one; CANCELLED gave it up.',
});

/**
 * A person's registration for a seminar: one row per person and seminar, reused when they
 * register again after cancelling. queueNumber is the place in line handed out under the
 * seminar's row lock, so the waitlist is served in the order registrations got that lock.
 */
@ObjectType('Registration', { description: 'A registration for a seminar: a seat, a place on the waitlist, or cancelled.' })
@Entity({ tableName: 'seminar_registrations' })
@Unique({ properties: ['seminar', 'user'] })
@Index({ properties: ['seminar', 'status', 'queueNumber'] })
export class SeminarRegistration extends BaseEntity {
  @ManyToOne(() => Seminar, { ref: true, deleteRule: 'cascade' })
  seminar!: Ref<Seminar>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Field(() => RegistrationStatus)
  @Enum({ items: () => RegistrationStatus, type: 'text' })
  status!: RegistrationStatus;

  @Property({ type: 'integer' })
  queueNumber!: number;

  @Field(() => Date, { description: 'When the person (last) registered.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  registeredAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a seat freed up and the registration moved from the waitlist to CONFIRMED.' })
  @Property({ type: 'datetime', nullable: true })
  promotedAt?: Date | null;
}
