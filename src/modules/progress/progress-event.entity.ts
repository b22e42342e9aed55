import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Material } from '../material/material.entity';
import { User } from '../user/user.entity';

export enum ProgressEventKind {
  OPENED = 'OPENED',
  POSITION = 'POSITION',
  COMPLETED = 'COMPLETED',
}
registerEnumType(ProgressEventKind, {
  name: 'ProgressEventKind',
  description:
    'What a device saw. The server decides completion from the events: TEXT, LINK, DOCUMENT, SLIDES and IMAGE complete when opened (OPENED or POSITION); VIDEO and AUDIO when a POSITION reaches 90% of the duration; QUIZ and ASSIGNMENT only when the server grades an attempt or a submission, never from events.',
  valuesConfig: {
    OPENED: { description: 'The learner opened the material (for a LINK: followed it).' },
    POSITION: { description: 'Where playback or reading is, with the full length: `position` and `duration` in seconds, both required.' },
    COMPLETED: {
      description: 'The player says the learner finished: completes any material except QUIZ and ASSIGNMENT. Pelita\'s web app does not send it and leaves completion to the rules above.',
    },
  },
});

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
