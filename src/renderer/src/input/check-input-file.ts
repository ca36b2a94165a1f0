import { INPUT_MIME_TYPES, MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { formatBytes } from '../format/bytes';

const ACCEPTED_TYPES: ReadonlySet<string> = new Set(INPUT_MIME_TYPES);

/** The parts of a File this check reads, so it can run on plain objects in tests. */
export type FileFacts = { name: string; size: number; type: string };

/**
 * Refuses what is obviously not a usable sketch before reading a byte of it (a 2 GB video
 * should not be copied into memory just to be refused). Main checks the real bytes again;
 * an empty type is let through because the OS does not always know one.
 * Returns the reason to show, or null when the file may be sent.
 */
export function checkInputFile(file: FileFacts): string | null {
  const name = file.name || 'That file';
  if (file.size === 0) return `${name} is empty.`;
  if (file.size > MAX_INPUT_BYTES) {
    return `${name} is too large (${formatBytes(file.size)}). The limit is ${formatBytes(MAX_INPUT_BYTES)}.`;
  }
  const type = file.type.toLowerCase();
  if (type !== '' && !ACCEPTED_TYPES.has(type)) {
    return type.startsWith('image/')
      ? `${name} is a ${type.slice('image/'.length).toUpperCase()} image. Use a PNG, JPEG or WebP image, or a TIFF scan.`
      : `${name} is not an image. Use a PNG, JPEG or WebP image, or a TIFF scan.`;
  }
  return null;
}
