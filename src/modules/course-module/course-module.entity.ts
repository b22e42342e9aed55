import { Entity, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Course } from '../course/course.entity';

/** A module of a course; positions are dense (1..n) within the course. */
@ObjectType('Module')
@Entity({ tableName: 'course_modules' })
@Index({ properties: ['course', 'position'] })
export class CourseModule extends BaseEntity {
  @ManyToOne(() => Course, { ref: true, deleteRule: 'cascade' })
  course!: Ref<Course>;

  @Field(() => Int, { description: '1-based position in the course.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  summary: string & Opt = '';

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  estimatedMinutes?: number;

  /** A module of the same course that must be completed first. */
  @ManyToOne(() => CourseModule, { ref: true, nullable: true, deleteRule: 'set null' })
  prerequisite?: Ref<CourseModule>;
}
