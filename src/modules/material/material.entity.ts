import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity';
import { CourseModule } from '../course-module/course-module.entity';
import { MaterialVersion } from '../upload/material-version.entity';

export enum MaterialKind {
  VIDEO = 'VIDEO',
  DOCUMENT = 'DOCUMENT',
  SLIDES = 'SLIDES',
  AUDIO = 'AUDIO',
  IMAGE = 'IMAGE',
  TEXT = 'TEXT',
  LINK = 'LINK',
  QUIZ = 'QUIZ',
  ASSIGNMENT = 'ASSIGNMENT',
}
registerEnumType(MaterialKind, {
  name: 'MaterialKind',
  description: 'VIDEO to IMAGE are files; TEXT is Markdown; LINK a web address; QUIZ gets its questions from setQuiz, ASSIGNMENT its settings from setAssignment.',
});

@ObjectType({ description: 'One item to learn from, in a module.' })
@Entity({ tableName: 'materials' })
@Index({ properties: ['module', 'position'] })
export class Material extends BaseEntity {
  @ManyToOne(() => CourseModule, { ref: true, deleteRule: 'cascade' })
  module!: Ref<CourseModule>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => MaterialKind)
  @Enum({ items: () => MaterialKind, type: 'text' })
  kind!: MaterialKind;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  required: boolean & Opt = true;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  estimatedMinutes?: number;

  @Field(() => String, { nullable: true, description: 'Markdown body of a TEXT material.' })
  @Property({ type: 'text', nullable: true })
  body?: string;

  @Field(() => String, { nullable: true, description: 'Address of a LINK material (http or https).' })
  @Property({ type: 'text', nullable: true })
  url?: string;

  /** The version learners get; older versions stay until cleanup. */
  @ManyToOne(() => MaterialVersion, { ref: true, nullable: true, deleteRule: 'set null' })
  currentVersion?: Ref<MaterialVersion>;
}
