import { Entity, Enum, ManyToOne, type Opt, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Material } from '../material/material.entity';
import { User } from '../user/user.entity';

export enum MaterialProgressStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}
registerEnumType(MaterialProgressStatus, { name: 'MaterialProgressStatus' });

/** Where one learner stands in one material, folded from their progress events; never regresses. */
@ObjectType()
@Entity({ tableName: 'material_progress' })
export class MaterialProgress {
  [PrimaryKeyProp]?: ['user', 'material'];

  @ManyToOne(() => User, { primary: true, ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @ManyToOne(() => Material, { primary: true, ref: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @Field(() => MaterialProgressStatus)
  @Enum({ items: () => MaterialProgressStatus, type: 'text', default: MaterialProgressStatus.IN_PROGRESS })
  status: MaterialProgressStatus & Opt = MaterialProgressStatus.IN_PROGRESS;

  @Field(() => Float, { description: 'Furthest point reached, in seconds.' })
  @Property({ type: 'double', default: 0 })
  furthestPositionSeconds: number & Opt = 0;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  durationSeconds?: number;

  @Field(() => Float, { description: 'Time on task from heartbeats, each gap capped.' })
  @Property({ type: 'double', default: 0 })
  timeOnTaskSeconds: number & Opt = 0;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  firstEventAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  lastEventAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date;
}
