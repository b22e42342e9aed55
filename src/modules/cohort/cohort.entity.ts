import { Collection, Entity, Index, ManyToMany, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Course } from '../course/course.entity';
import { User } from '../user/user.entity';

/** A scheduled run of a course (angkatan), with its own instructors, capacity and enrolment window. */
@ObjectType()
@Entity({ tableName: 'cohorts' })
export class Cohort extends BaseEntity {
  @ManyToOne(() => Course, { ref: true, deleteRule: 'cascade' })
  @Index()
  course!: Ref<Course>;

  @Field(() => String, { description: 'For example "Angkatan I Tahun 2026".' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'First day (YYYY-MM-DD, in timeZone).' })
  @Property({ type: 'date' })
  startsOn!: string;

  @Field(() => String, { description: 'Last day (YYYY-MM-DD, in timeZone).' })
  @Property({ type: 'date' })
  endsOn!: string;

  @Field(() => String, { description: 'IANA time zone of the dates; Sibolga is Asia/Jakarta.' })
  @Property({ type: 'text', default: 'Asia/Jakarta' })
  timeZone: string & Opt = 'Asia/Jakarta';

  @Field(() => Int, { nullable: true, description: 'Seats; null for no limit.' })
  @Property({ type: 'integer', nullable: true })
  capacity?: number;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  enrollmentOpen: boolean & Opt = true;

  @ManyToMany({ entity: () => User, pivotTable: 'cohort_instructors', joinColumn: 'cohort_id', inverseJoinColumn: 'user_id' })
  instructors = new Collection<User>(this);
}
