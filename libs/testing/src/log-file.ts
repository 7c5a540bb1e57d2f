import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** The last `count` lines of a log file (reads at most the last 64 KiB), '' when absent. */
export async function lastLines(file: string, count: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count).join('\n');
  } finally {
    await handle.close();
  }
}

/**
 * Echoes what gets appended to a log file, each line prefixed. The app writes straight into the
 * file (no pipe through us), so its output survives however this process ends; echoing is a
 * poll of the file's new bytes.
 */
export class LogEcho {
  private offset: number;
  private partial = '';
  private readonly timer: NodeJS.Timeout;

  /** `from`: the byte offset to echo from (where this run's output starts). */
  constructor(
    private readonly file: string,
    private readonly prefix: string,
    private readonly write: (line: string) => void,
    from = sizeOf(file),
  ) {
    this.offset = from;
    this.timer = setInterval(() => this.poll(), 200);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.poll();
    if (this.partial !== '') this.write(`${this.prefix}${this.partial}`);
    this.partial = '';
  }

  private poll(): void {
    const size = sizeOf(this.file);
    if (size <= this.offset) return;
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const lines = (this.partial + buffer.toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.write(`${this.prefix}${line}`);
    } finally {
      closeSync(fd);
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
