import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type AtomicWriteOptions = {
  syncDirectory?: boolean;
  /**
   * Where the temp file goes (same file system as the target). The library keeps all of its
   * temp files in one folder, so the sweep after a crash reads one folder, not every job's.
   */
  tempDir?: string;
};

/**
 * Writes a file so that readers only ever see the old content or the whole new content:
 * `write` fills a temp file, which is flushed to disk and renamed over the target (rename is
 * atomic on one file system). If `write` throws, the temp file is removed and the target is
 * untouched. A crash leaves at most a stray `.tmp-` file, which the library sweeps on open.
 */
export async function writeAtomicWith<T>(target: string, write: (handle: FileHandle) => Promise<T>, options: AtomicWriteOptions = {}): Promise<T> {
  const temp = join(options.tempDir ?? dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  let result: T;
  try {
    result = await write(handle);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (options.syncDirectory !== false) await syncDirectory(dirname(target));
  return result;
}

/** Whole bytes (or text) written atomically; see writeAtomicWith. */
export function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  return writeAtomicWith(target, (handle) => handle.writeFile(data), options);
}

/** Makes the rename itself durable; some platforms (Windows) cannot open a directory, which is fine. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort only.
  } finally {
    await handle?.close();
  }
}

export const TEMP_FILE_PATTERN = /^\..+\.tmp-[0-9a-f]{12}$/;
