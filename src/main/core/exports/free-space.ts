import { statfs } from 'node:fs/promises';

/** Room kept beside the files themselves: the manifests, folder entries and a little slack. */
const MARGIN_BYTES = 4 * 1024 * 1024;
/** Each file takes at least a block on most file systems; small outputs cost more than their bytes. */
const BLOCK_BYTES = 4096;

/** What an export of these files will take on disk, roughly and never less. */
export function bytesNeeded(fileSizes: readonly number[]): number {
  return fileSizes.reduce((sum, size) => sum + Math.ceil(size / BLOCK_BYTES) * BLOCK_BYTES, 0) + MARGIN_BYTES;
}

/** Why the export cannot fit, or null if it can. */
export function spaceShortfall(folder: string, needed: number, free: number): string | null {
  if (free >= needed) return null;
  return `Not enough space in ${folder}: the export needs about ${formatByteSize(needed)} and ${formatByteSize(free)} is free. Nothing was written.`;
}

/**
 * Space free for this user in the folder, or null where the system cannot say (the export then
 * simply tries; a full disk midway still leaves nothing behind).
 */
export async function freeBytes(folder: string): Promise<number | null> {
  try {
    const info = await statfs(folder);
    return info.bavail * info.bsize;
  } catch {
    return null;
  }
}

/** `1536` -> `1.5 KB`, as file managers count (1 KB = 1024 bytes). */
export function formatByteSize(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'TB'}`;
}
