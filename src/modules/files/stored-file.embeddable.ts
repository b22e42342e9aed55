import { Embeddable, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { StoredBlob } from './stored-blob.entity';

/**
 * A verified file as a feature keeps it (a material's version, a learner's work, a seminar's
 * slides): the shared bytes and how this upload named and typed them. Features embed it with
 * `prefix: false`, so their tables keep the columns blob_id, filename, content_type, size and
 * sha256 they always had. completeUpload hands one over, ready to keep.
 */
@Embeddable()
export class StoredFile {
  /** Restricts deletes: storage cleanup removes a blob only once no row references it. */
  @ManyToOne(() => StoredBlob, { ref: true, deleteRule: 'restrict' })
  @Index()
  blob!: Ref<StoredBlob>;

  /** As uploaded (sanitized): only offered back as the download name. */
  @Property({ type: 'text' })
  filename!: string;

  /** The declared type, confirmed by sniffing the bytes. */
  @Property({ type: 'text' })
  contentType!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  @Property({ type: 'text' })
  sha256!: string;
}
