import { randomBytes } from 'node:crypto';

/** Sortable by creation time (base-36 milliseconds) and unique (random suffix); safe as a folder name. */
export function newJobId(now: number): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(5).toString('hex')}`;
}
