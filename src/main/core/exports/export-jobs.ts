import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/app-error';
import type { ExportResult as ExportReply, SkippedJob } from '../../../shared/ipc-contract';
import type { Job } from '../../../shared/job';
import { mapPooled } from '../async/map-pooled';
import { syncDirectory } from '../fs/atomic-write';
import { copyFileHandle } from '../fs/copy-handle';
import type { JobFiles } from '../library/job-files';
import { exportedInputName, exportedOutputName, exportFolderName, jobFolderName, partialFolderName } from './export-names';
import { exportManifestSchema, exportedJob, manifestCsv, type ExportedJob, type ExportManifest } from './export-manifest';
import { bytesNeeded, freeBytes, spaceShortfall } from './free-space';

/** Jobs copied at once: enough to keep a disk busy, few enough that their copies hold 4 MB of buffers (copy-handle.ts). */
const CONCURRENCY = 4;
/** Exports started in the same second get `-2`, `-3`…; past this many something else is wrong. */
const MAX_NAME_TRIES = 100;

export type ExportResult = ExportReply & { savedTo: string };

/** A library file that could not be read: its job is skipped, the export goes on. */
class SourceUnreadable extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

function readFailure(file: string, error: unknown): SourceUnreadable {
  // The guard's refusals are already worded for the artist ("output-1.png is missing from the library.").
  if (error instanceof AppError) return new SourceUnreadable(error.message);
  const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return new SourceUnreadable(`${file} could not be read from the library (${code}).`);
}

/** A write that failed: the whole export is undone, so the message says so. */
function writeFailure(error: unknown, folder: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'Redraw may not write there'
        : code === 'ENAMETOOLONG'
          ? "the folder's path is too long"
          : error instanceof Error
            ? error.message
            : String(error);
  return new AppError('internal', `Could not export to ${folder}: ${reason}. Nothing was left there.`, { cause: error });
}

/** Copies a guarded library file out, chunk by chunk; a failed read is the source's fault, anything else the target's. */
async function copyOut(source: FileHandle, sourceName: string, target: string): Promise<void> {
  // `wx`: the export folder is new and ours, so anything already at a name is a bug, never overwritten.
  const out = await open(target, 'wx', 0o644);
  try {
    await copyFileHandle(source, out, (error) => readFailure(sourceName, error));
    // Flushed before the folder is renamed into view: a complete-looking export has its bytes.
    await out.sync();
  } finally {
    await out.close();
  }
}

async function copyJobFile(files: Pick<JobFiles, 'openJobFile'>, jobId: string, file: string, target: string): Promise<void> {
  let source: FileHandle;
  try {
    source = await files.openJobFile(jobId, file);
  } catch (error) {
    throw readFailure(file, error);
  }
  try {
    await copyOut(source, file, target);
  } finally {
    await source.close();
  }
}

/** One job into its own folder: all of its files, or (one could not be read) none and the reason. */
async function exportJob(files: Pick<JobFiles, 'openJobFile'>, root: string, job: Job, folder: string): Promise<ExportedJob | SkippedJob> {
  const dir = join(root, folder);
  const names = { folder, input: exportedInputName(job.input.file), outputs: job.outputs.map((output, index) => exportedOutputName(output.file, index)) };
  await mkdir(dir);
  try {
    await copyJobFile(files, job.id, job.input.file, join(dir, names.input));
    for (const [index, output] of job.outputs.entries()) await copyJobFile(files, job.id, output.file, join(dir, names.outputs[index] ?? ''));
  } catch (error) {
    if (!(error instanceof SourceUnreadable)) throw error;
    // No half job in an export: its folder goes, and the manifest says why.
    await rm(dir, { recursive: true, force: true });
    return { jobId: job.id, why: error.why };
  }
  await syncDirectory(dir);
  return exportedJob(job, names);
}

async function writeNew(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames the finished export to its name, or `<name>-2`… if an export of the same second is there. */
async function renameIntoView(partial: string, folder: string, name: string): Promise<string> {
  for (let attempt = 1; attempt <= MAX_NAME_TRIES; attempt++) {
    const target = join(folder, attempt === 1 ? name : `${name}-${attempt}`);
    // Checked first: on Linux a rename silently replaces an empty folder of that name.
    if (await lstat(target).then(() => true, () => false)) continue;
    try {
      await rename(partial, target);
    } catch (error) {
      // Another export took the name between the look and the rename: try the next one.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') continue;
      throw error;
    }
    return target;
  }
  throw new AppError('internal', `Could not find a free name for the export in ${folder}.`);
}

/**
 * Writes jobs' files and one manifest (JSON and CSV) into a new `redraw-export-<time>` folder in
 * `folder`. The export is built under a hidden temporary name beside it and renamed when
 * complete, so a failure (a full disk, a refused write, a crash) leaves nothing half-done: the
 * temporary folder is removed and the error says so. Files are read through the library file
 * guard and copied byte for byte (a stored PNG keeps whatever chunks it carries); a job whose
 * files cannot be read is skipped whole, with why. `missing` are ids no longer in the library.
 */
export async function exportJobs(input: {
  jobs: readonly Job[];
  missing: readonly string[];
  files: Pick<JobFiles, 'openJobFile'>;
  folder: string;
  now: Date;
  appVersion: string;
}): Promise<ExportResult> {
  const { folder, files } = input;
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new AppError('invalid-request', `${folder} is not a folder Redraw can export into.`);
  // By folder name, code point by code point (as file managers sort these ASCII names): creation order.
  const jobs = input.jobs.map((job) => ({ job, name: jobFolderName(job) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const free = await freeBytes(folder);
  if (free !== null) {
    const shortfall = spaceShortfall(folder, bytesNeeded(jobs.flatMap(({ job }) => [job.input.bytes, ...job.outputs.map((output) => output.bytes)])), free);
    if (shortfall !== null) throw new AppError('invalid-request', shortfall);
  }

  const finalName = exportFolderName(input.now);
  const partial = join(folder, partialFolderName(finalName, randomBytes(6).toString('hex')));
  try {
    await mkdir(partial);
  } catch (error) {
    throw writeFailure(error, folder);
  }
  try {
    // Stops at the first failed write; all running copies are awaited before the folder is removed.
    const results = await mapPooled(jobs, CONCURRENCY, ({ job, name }) => exportJob(files, partial, job, name));

    const exported = results.filter((result): result is ExportedJob => 'folder' in result);
    const skipped = [...results.filter((result): result is SkippedJob => 'why' in result), ...input.missing.map((jobId) => ({ jobId, why: 'That job is no longer in the library.' }))];
    if (exported.length === 0) {
      const first = skipped[0];
      throw new AppError('invalid-request', `Nothing could be exported${first ? `: ${first.why}` : '.'}`);
    }
    const manifest: ExportManifest = exportManifestSchema.parse({
      format: 'redraw-export',
      version: 1,
      exportedAt: input.now.toISOString(),
      appVersion: input.appVersion,
      jobs: exported,
      skipped,
    });
    await writeNew(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeNew(join(partial, 'manifest.csv'), manifestCsv(manifest));
    await syncDirectory(partial);
    const savedTo = await renameIntoView(partial, folder, finalName);
    await syncDirectory(folder);
    return { savedTo, jobs: exported.length, files: exported.reduce((sum, job) => sum + job.files.length, 0), skipped };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw writeFailure(error, folder);
  }
}
