import type { LocalFile } from './files';
import type { ContentItem } from './model';
import type { UploadProgress } from './progress';
import type { RemoteApi } from './remote';
import { fileInput, sendBytes, type UploadTicket } from './uploads';

/** What applying a plan needs: the API, the progress display and the counters of the summary. */
export interface RunContext {
  api: RemoteApi;
  progress: UploadProgress;
  stats: { uploadedFiles: number; uploadedBytes: number };
}

/** One action of a plan, printed before anything runs; ids of things made by earlier steps are looked up when it runs. */
export interface Step {
  label: string;
  run: (run: RunContext) => Promise<void>;
  /** The file this step uploads (for the progress total). */
  upload?: LocalFile;
}

export interface ItemPlan {
  item: ContentItem;
  key: string;
  outcome: 'created' | 'updated' | 'unchanged';
  steps: Step[];
  /** Files whose SHA-256 the server already has. */
  skippedFiles: number;
}

/** Who publishes: admins need an organization named; others publish for their own. */
export interface Publisher {
  admin: boolean;
  /** The organization courses and seminars are published for. */
  organizationId: string;
}

/** Ids known when planning (existing things) or learnt while applying (things just created). */
export class Ids {
  private readonly map = new Map<string, string>();
  set(key: string, id: string): void {
    this.map.set(key, id);
  }
  get(key: string): string {
    const id = this.map.get(key);
    if (!id) throw new Error(`internal: no id for ${key} yet`);
    return id;
  }
}

/** Request a ticket, send the bytes, complete: the API's upload flow for any owner of a file. */
export async function uploadFile(
  run: RunContext,
  file: LocalFile,
  label: string,
  request: { mutation: string; variables: Record<string, unknown> },
  complete: { mutation: string; variables: (uploadId: string) => Record<string, unknown> },
): Promise<void> {
  const { ticket } = await run.api.mutate<{ ticket: UploadTicket }>(request.mutation, { ...request.variables, file: fileInput(file) }, label);
  await sendBytes(ticket, file, run.progress);
  await run.api.mutate(complete.mutation, complete.variables(ticket.uploadId), label);
  run.stats.uploadedFiles += 1;
  run.stats.uploadedBytes += file.size;
  run.progress.finish(file.relativePath, file.size);
}

/**
 * The moves that turn `current` into `target` (both lists of keys, same members), as
 * (key, 1-based position) pairs: each step puts the right key at the next position, the way the
 * API's move shifts the others.
 */
export function movesFor(current: string[], target: string[]): { key: string; position: number }[] {
  const order = [...current];
  const moves: { key: string; position: number }[] = [];
  target.forEach((key, index) => {
    if (order[index] === key) return;
    const from = order.indexOf(key);
    order.splice(from, 1);
    order.splice(index, 0, key);
    moves.push({ key, position: index + 1 });
  });
  return moves;
}
