import { Check, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { ApiKey } from '../api-key/api-key.entity';
import { BaseEntity } from '../../db/base.entity';
import { User } from '../user/user.entity';

export enum UploadStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/**
 * What an upload is for, named by the feature that asked for it: `purpose` says which kind of
 * thing (a feature's own constant, such as 'material-version' or 'course-cover'; rows keep it,
 * so a purpose is never renamed without a migration) and `targetId` which one. The files kernel
 * compares them and never follows them: it knows no feature's table. So there is no foreign key
 * and no cascade from a deleted target: its pending uploads can no longer complete (the feature
 * finds no target) and go with storage cleanup once they expire, like any abandoned upload.
 */
export interface UploadTarget {
  purpose: string;
  targetId: string;
}

/** A file on its way into storage: the object key is ours, never the client's filename. */
@Entity({ tableName: 'uploads' })
@Check({ name: 'uploads_one_requester', expression: '(requested_by_id IS NULL) <> (requested_by_api_key_id IS NULL)' })
@Index({ properties: ['status', 'expiresAt'] })
@Index({ properties: ['purpose', 'targetId'] })
export class Upload extends BaseEntity {
  /** What the file is for: see UploadTarget. */
  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: 'uuid' })
  targetId!: string;

  /** Who may complete it: the person, or the partner system's API key, that asked for it. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'cascade' })
  requestedBy?: Ref<User>;

  @ManyToOne(() => ApiKey, { ref: true, nullable: true, deleteRule: 'cascade' })
  requestedByApiKey?: Ref<ApiKey>;

  @Property({ type: 'text', unique: true })
  objectKey!: string;

  @Property({ type: 'text' })
  filename!: string;

  @Property({ type: 'text' })
  contentType!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  @Property({ type: 'text' })
  sha256!: string;

  /** S3 multipart upload id, for files sent in parts. */
  @Property({ type: 'text', nullable: true })
  multipartUploadId?: string;

  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  partSize?: number;

  @Enum({ items: () => UploadStatus, type: 'text', default: UploadStatus.PENDING })
  status: UploadStatus & Opt = UploadStatus.PENDING;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'text', nullable: true })
  failureReason?: string;
}
