import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Material } from '../material/material.entity';
import { User } from '../user/user.entity';

export enum ProgressEventKind {
  OPENED = 'OPENED',
  POSITION = 'POSITION',
  COMPLETED = 'COMPLETED',
}
registerEnumType(ProgressEventKind, { name: 'ProgressEventKind' });

/**
 * One thing a learner's device saw happen, keyed by the id the device generated, so a batch
 * synced twice (or from two devices) stores each event once.
 */
@Entity({ tableName: 'progress_events' })
@Index({ properties: ['user', 'material', 'occurredAt'] })
export class ProgressEvent {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @ManyToOne(() => Material, { ref: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @Enum({ items: () => ProgressEventKind, type: 'text' })
  kind!: ProgressEventKind;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  /** POSITION: where playback or reading stood, in seconds. */
  @Property({ type: 'double', nullable: true })
  positionSeconds?: number;

  /** POSITION: the media's full length, in seconds. */
  @Property({ type: 'double', nullable: true })
  durationSeconds?: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  receivedAt: Date = new Date();
}
