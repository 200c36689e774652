import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { WatchConsumer, WatchEvent } from './watcher.js';

/**
 * A consumer that writes one line per event to a file descriptor (the CLI's stdout) and acknowledges
 * only once the line is written.
 *
 * When the descriptor is a regular file (`ctct watch ... >> events.jsonl`), it is exactly-once across
 * crashes: the mark is the file's size before the write, each line is written at that offset, and after
 * a crash `wasDelivered` compares the bytes at the mark with the line. A torn write (a prefix of the
 * line) is cut off before the line is written again. For a pipe or a terminal the bytes cannot be read
 * back, so the one event in flight at a crash is written again (at-least-once for that event only).
 */
export interface LineConsumerOptions {
  /** A descriptor open for reading on the same file, when `fd` is write-only (see readableTwin). */
  readFd?: number;
  /** Writes for pipes and terminals; resolves once the data is handed to the OS. */
  streamWrite?: (text: string) => Promise<void>;
}

export class LineConsumer implements WatchConsumer {
  private readonly isFile: boolean;

  constructor(
    private readonly fd: number,
    private readonly format: (event: WatchEvent) => string,
    private readonly options: LineConsumerOptions = {},
  ) {
    this.isFile = fstatSync(fd).isFile();
  }

  mark(): string | undefined {
    return this.isFile ? String(fstatSync(this.fd).size) : undefined;
  }

  async deliver(event: WatchEvent): Promise<void> {
    const line = Buffer.from(lineOf(this.format(event)));
    if (!this.isFile) {
      if (this.options.streamWrite) await this.options.streamWrite(line.toString('utf8'));
      else writeAll(this.fd, line, null);
      return;
    }
    // Positional writes at the end: the line lands exactly at the mark whether or not the file was
    // opened for appending.
    writeAll(this.fd, line, fstatSync(this.fd).size);
  }

  wasDelivered(event: WatchEvent, mark: string | undefined): boolean {
    if (!this.isFile || mark === undefined) return false;
    const offset = Number(mark);
    const line = Buffer.from(lineOf(this.format(event)));
    const size = fstatSync(this.fd).size;
    if (size <= offset) return false;
    let found: Buffer;
    try {
      found = readAt(this.options.readFd ?? this.fd, offset, Math.min(line.length, size - offset));
    } catch {
      return false; // the output cannot be read back: deliver again (at-least-once for this event)
    }
    if (found.length === line.length && found.equals(line)) return true;
    // Only our own torn line is cut; anything else at the mark is left alone.
    if (size < offset + line.length && found.equals(line.subarray(0, found.length))) ftruncateSync(this.fd, offset);
    return false;
  }
}

function lineOf(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function writeAll(fd: number, data: Buffer, position: number | null): void {
  let done = 0;
  while (done < data.length) {
    const n = writeSync(fd, data, done, data.length - done, position === null ? null : position + done);
    done += n;
  }
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}

/**
 * Stdout redirected with `>>` is write-only; reading it back needs a second descriptor on the same file.
 * On Linux /proc/self/fd reopens it; elsewhere (or for non-files) there is none and recovery falls back
 * to at-least-once.
 */
export function readableTwin(fd: number): number | undefined {
  try {
    const twin = openSync(`/proc/self/fd/${fd}`, 'r');
    const a = fstatSync(fd);
    const b = fstatSync(twin);
    if (a.isFile() && a.dev === b.dev && a.ino === b.ino) return twin;
    closeSync(twin);
  } catch {
    // no /proc, or not a reopenable file
  }
  return undefined;
}
