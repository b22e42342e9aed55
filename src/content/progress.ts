/**
 * Upload progress: a bar redrawn in place on a terminal (bytes done of all bytes to send, and
 * the file being sent), plain lines per file otherwise (logs, CI).
 */
export class UploadProgress {
  private done = 0;
  private current = '';

  constructor(
    private readonly total: number,
    private readonly tty: boolean,
    private readonly write: (text: string) => void,
  ) {}

  start(name: string): void {
    this.current = name;
    if (this.tty) this.draw();
  }

  advance(bytes: number): void {
    this.done += bytes;
    if (this.tty) this.draw();
  }

  finish(name: string, size: number): void {
    if (!this.tty) this.write(`uploaded ${name} (${formatBytes(size)}; ${formatBytes(this.done)} of ${formatBytes(this.total)})\n`);
  }

  end(): void {
    if (this.tty && this.total > 0) this.write('\n');
  }

  private draw(): void {
    const width = 30;
    const ratio = this.total ? Math.min(1, this.done / this.total) : 1;
    const filled = Math.round(ratio * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    this.write(`\r[${bar}] ${formatBytes(this.done)}/${formatBytes(this.total)} ${this.current}`.padEnd(100).slice(0, 120));
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
