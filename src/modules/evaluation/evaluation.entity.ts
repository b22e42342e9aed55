import { Check, Entity, Index, ManyToOne, OneToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Cohort } from '../cohort/cohort.entity';
import { BaseEntity } from '../../db/base.entity';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';

/**
 * A learner's evaluation of a completed course (evaluasi penyelenggaraan) and of its
 * instructors (evaluasi widyaiswara): once per enrollment. Only aggregates are ever shown.
 */
@ObjectType('Evaluation', { description: "A learner's own evaluation: only that it was submitted, never its answers." })
@Entity({ tableName: 'course_evaluations' })
export class CourseEvaluation extends BaseEntity {
  @OneToOne(() => Enrollment, { ref: true, owner: true, unique: true, deleteRule: 'cascade' })
  enrollment!: Ref<Enrollment>;

  @ManyToOne(() => Course, { ref: true, deleteRule: 'cascade' })
  @Index()
  course!: Ref<Course>;

  @ManyToOne(() => Cohort, { ref: true, nullable: true, deleteRule: 'set null' })
  cohort?: Ref<Cohort>;

  /** Free text, shown to admins without the author's name and only in large enough groups. */
  @Property({ type: 'text', nullable: true })
  comment?: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  submittedAt: Date = new Date();
}

/** One Likert answer (1–5): about the course when `instructor` is null, else about that instructor. */
@Entity({ tableName: 'evaluation_answers' })
@Check({ name: 'evaluation_answers_likert', expression: 'score >= 1 AND score <= 5' })
@Index({ properties: ['instructor', 'questionCode'] })
export class EvaluationAnswer extends BaseEntity {
  @ManyToOne(() => CourseEvaluation, { ref: true, deleteRule: 'cascade' })
  @Index()
  evaluation!: Ref<CourseEvaluation>;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'cascade' })
  instructor?: Ref<User>;

  @Property({ type: 'text' })
  questionCode!: string;

  @Property({ type: 'smallint' })
  score!: number;
}
