import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers only ever see the old content or the whole new content:
 * the bytes go to a temp file beside it, are flushed to disk, and the temp file is renamed
 * over the target (rename is atomic on one file system). A crash leaves at most a stray
 * `.tmp-` file, which the library sweeps on open.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: {
    syncDirectory?: boolean;
    /**
     * Where the temp file goes (same file system as the target). The library keeps all of its
     * temp files in one folder, so the sweep after a crash reads one folder, not every job's.
     */
    tempDir?: string;
  } = {},
): Promise<void> {
  const temp = join(options.tempDir ?? dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
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
