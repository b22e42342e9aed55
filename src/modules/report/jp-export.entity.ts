import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Organization } from '../organization/organization.entity';
import { User } from '../user/user.entity';

export enum JpExportStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  READY = 'READY',
  FAILED = 'FAILED',
}
registerEnumType(JpExportStatus, { name: 'JpExportStatus', description: 'PENDING: queued; RUNNING: being written; READY: downloadUrl answers; FAILED: see error.' });

/**
 * One CSV export of an agency's JP records for a year ("riwayat pelatihan", shaped for SIASN),
 * written by a background job to object storage.
 */
@ObjectType({ description: 'A CSV export of an agency’s JP records (riwayat pelatihan) for a year.' })
@Entity({ tableName: 'jp_exports' })
export class JpExport extends BaseEntity {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade' })
  @Index()
  organization!: Ref<Organization>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  requestedBy!: Ref<User>;

  @Field(() => JpExportStatus)
  @Enum({ items: () => JpExportStatus, type: 'text', default: JpExportStatus.PENDING })
  status: JpExportStatus & Opt = JpExportStatus.PENDING;

  @Field(() => Int, { nullable: true, description: 'Data rows (the header not counted), once READY.' })
  @Property({ type: 'integer', nullable: true })
  rowCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'Size of the file in bytes, once READY.' })
  @Property({ type: 'bigint', nullable: true, runtimeType: 'number' })
  byteSize?: number | null;

  @Property({ type: 'text', nullable: true })
  objectKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED.' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;
}
