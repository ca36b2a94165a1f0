import { extname } from 'node:path';
import type { Job } from '../../../shared/job';

/**
 * Names inside an export. Every job gets a folder of its own, `<created>-<jobId>`, holding its
 * sketch and outputs: the created time (UTC, so names sort the same in every zone and across a
 * change of clocks) puts folders in the order the jobs were made, and the job id (unique in the
 * library) keeps two jobs made in the same second apart. Outputs are numbered with two digits
 * (a job has at most 64), so `output-02` sorts before `output-10`.
 */

/** `2024-05-01T10:22:33.456Z` -> `2024-05-01_10-22-33Z`: sortable, and legal on every file system. */
function fileStamp(instant: Date): string {
  return instant.toISOString().replace(/\.\d+Z$/, 'Z').replace('T', '_').replaceAll(':', '-');
}

export function exportFolderName(now: Date): string {
  return `redraw-export-${fileStamp(now)}`;
}

/**
 * Where the export is built: hidden beside its final name, renamed to it only when complete. A
 * crash leaves at most this dot-folder, which no one mistakes for a finished export.
 */
export function partialFolderName(finalName: string, suffix: string): string {
  return `.${finalName}.partial-${suffix}`;
}

export function jobFolderName(job: { id: string; timings: Pick<Job['timings'], 'createdAt'> }): string {
  const created = new Date(job.timings.createdAt);
  // A record whose time cannot be read still gets a folder; the id alone sorts by creation too.
  return Number.isNaN(created.getTime()) ? job.id : `${fileStamp(created)}-${job.id}`;
}

/** The library's extension is kept: outputs may be PNG, JPEG or WebP, and the bytes are copied as they are. */
export function exportedOutputName(libraryFile: string, index: number): string {
  return `output-${String(index + 1).padStart(2, '0')}${extname(libraryFile)}`;
}

export function exportedInputName(libraryFile: string): string {
  return `input${extname(libraryFile)}`;
}
