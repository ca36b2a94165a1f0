import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from './atomic-write';

/**
 * writeFileAtomic for bytes that arrive as a stream (a downloaded output): each chunk goes to a
 * temp file as it comes, so memory holds one chunk, not the file. Only once the source has
 * ended are the bytes flushed and the temp file renamed over the target; if the source throws
 * (a cap, a dropped connection) the temp file is removed and the target never appears.
 * Returns the number of bytes written.
 */
export async function writeStreamAtomic(
  target: string,
  source: AsyncIterable<Uint8Array>,
  options: { tempDir?: string; syncDirectory?: boolean } = {},
): Promise<number> {
  const temp = join(options.tempDir ?? dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  let written = 0;
  try {
    for await (const chunk of source) {
      // Each write is awaited: the disk sets the pace, nothing piles up in memory.
      for (let offset = 0; offset < chunk.byteLength; ) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
      written += chunk.byteLength;
    }
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
  return written;
}
