import { openAsBlob } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the cut parts of a CSV wait while the rest of the file is checked (nothing is sent before the
 * whole file has passed). CSV text given inline is already in memory, so its parts are kept there; a
 * file streamed from disk (`--field data=@path`) has its parts written to a private temporary
 * directory (0700, files 0600) and sent as file-backed blobs, so no part is ever held whole again.
 */
export interface PartStore {
  /** Keeps one part, given as its CSV lines. */
  keep(lines: readonly string[]): Promise<void>;
  /** Part `index` (0-based) as the upload's file content. */
  content(index: number): Promise<string | Blob>;
  close(): Promise<void>;
}

export async function partStore(onDisk: boolean): Promise<PartStore> {
  if (!onDisk) {
    const texts: string[] = [];
    return {
      keep: async (lines) => void texts.push(lines.join('')),
      content: async (index) => texts[index] ?? '',
      close: async () => void (texts.length = 0),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ctct-csv-parts-'));
  let count = 0;
  const path = (index: number) => join(dir, `part-${index + 1}.csv`);
  return {
    keep: async (lines) => {
      // Written in slices of lines: the part is never joined into one string.
      const handle = await open(path(count++), 'wx', 0o600);
      try {
        for (let i = 0; i < lines.length; i += 512) await handle.write(lines.slice(i, i + 512).join(''));
      } finally {
        await handle.close();
      }
    },
    content: (index) => openAsBlob(path(index), { type: 'text/csv' }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
