import type { Caller } from '../../identity';
import type { Upload } from './upload.entity';

/** Only whoever asked for an upload completes it (a person, or a partner system's key): the ticket is theirs, like the bytes. */
export function canCompleteUpload(caller: Caller | undefined, upload: Pick<Upload, 'requestedBy' | 'requestedByApiKey'>): boolean {
  if (caller?.kind === 'user') return caller.userId === upload.requestedBy?.id;
  if (caller?.kind === 'apiKey') return caller.apiKeyId === upload.requestedByApiKey?.id;
  return false;
}
