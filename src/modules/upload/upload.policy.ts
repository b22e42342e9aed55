import type { Caller } from '../auth/authenticate';
import type { Upload } from './upload.entity';

/** Only the person who asked for an upload completes it: the ticket is theirs, like the bytes. */
export function canCompleteUpload(caller: Caller | undefined, upload: Pick<Upload, 'requestedBy'>): boolean {
  return caller?.kind === 'user' && caller.userId === upload.requestedBy.id;
}
