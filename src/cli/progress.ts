/**
 * Progress of several builds: on a terminal a bar redrawn in place, with each
 * finished folder's line printed above it; elsewhere (CI, pipes) the lines alone.
 */
export class Progress {
  private finished = 0;

  constructor(
    private readonly total: number,
    private readonly bar: boolean,
  ) {
    this.draw();
  }

  /** A folder is done: print its line (when `show`), then anything else it has to say. */
  done(line: string, show: boolean, more: () => void): void {
    this.finished++;
    this.clear();
    if (show) process.stderr.write(`[${this.finished}/${this.total}] ${line}\n`);
    more();
    this.draw();
  }

  finish(): void {
    this.clear();
  }

  private draw(): void {
    if (!this.bar) return;
    const width = 30;
    const filled = Math.round((width * this.finished) / this.total);
    process.stderr.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${this.finished}/${this.total} built`);
  }

  private clear(): void {
    if (this.bar) process.stderr.write('\r\x1b[2K');
  }
}
