import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';

/** An instructor's feedback on a learner's overall progress in a course (cohort), for that learner to read. */
@ObjectType()
@Entity({ tableName: 'coaching_notes' })
@Index({ properties: ['enrollment', 'createdAt'] })
export class CoachingNote extends BaseEntity {
  @ManyToOne(() => Enrollment, { ref: true, deleteRule: 'cascade' })
  enrollment!: Ref<Enrollment>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  author!: Ref<User>;

  @Field(() => String, { description: 'Markdown.' })
  @Property({ type: 'text' })
  body!: string;
}
