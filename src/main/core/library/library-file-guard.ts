import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/app-error';

/**
 * Why a library file was not opened. `missing`: nothing there. `link`: a symbolic link (or a
 * link among its folders), which could point anywhere on the machine. `special`: not a regular
 * file (a FIFO would block the reader forever; a device or a folder is not an image).
 * `bad-name`: a path segment that is not a plain name.
 */
type RefusalReason = 'missing' | 'link' | 'special' | 'bad-name';

/** A library file that must not be read, with its reason; an AppError, so it reaches the artist worded. */
export class LibraryFileRefused extends AppError {
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason, message: string) {
    super(reason === 'missing' ? 'not-found' : 'invalid-file', message);
    this.reason = reason;
  }
}

// O_NOFOLLOW: the last segment is opened only if it is not a link (refused by the kernel, so a
// link swapped in after the lstat below is refused too). O_NONBLOCK: opening a FIFO returns at
// once instead of waiting for a writer; reads of regular files ignore it. Windows has neither
// (0 there): the lstat and fstat checks still apply.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const PLAIN_NAME = /^(?!\.{1,2}$)[^/\\\0]{1,255}$/;

function refusal(reason: RefusalReason, shown: string): LibraryFileRefused {
  const words: Record<RefusalReason, string> = {
    missing: `${shown} is missing from the library.`,
    link: `${shown} in the library is a link to a file elsewhere; Redraw only reads files stored in the library itself.`,
    special: `${shown} in the library is not a regular file (a pipe, a device or a folder); Redraw will not read it.`,
    'bad-name': `${shown} is not a file name Redraw uses.`,
  };
  return new LibraryFileRefused(reason, words[reason]);
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * THE way main opens a file of the library for reading (job images, records, drafts), so a
 * tampered or damaged library can neither hand out files from elsewhere on the machine nor
 * hang main. `root` is a folder the library made (its jobs or drafts folder) and is trusted as
 * it is; below it, every segment must be a plain name, every folder a real folder (not a
 * link), and the file a regular file, opened without following a link, without blocking, and
 * checked again on the open handle (the same file the lstat saw). The caller closes the handle.
 * `shown` names the file in the refusal the artist sees (default: its last segment).
 */
export async function openLibraryFile(root: string, segments: readonly string[], shown = segments.at(-1) ?? 'file'): Promise<FileHandle> {
  return (await openCheckedLibraryFile(root, segments, shown)).handle;
}

/** openLibraryFile, with what the open handle's stat said (its size, for callers that cap it). */
export async function openCheckedLibraryFile(
  root: string,
  segments: readonly string[],
  shown = segments.at(-1) ?? 'file',
): Promise<{ handle: FileHandle; stats: Stats }> {
  if (segments.length === 0 || !segments.every((segment) => PLAIN_NAME.test(segment))) throw refusal('bad-name', shown);
  let path = root;
  for (const [i, segment] of segments.entries()) {
    path = join(path, segment);
    const info = await lstatOrNull(path);
    if (info === null) throw refusal('missing', shown);
    if (info.isSymbolicLink()) throw refusal('link', shown);
    const last = i === segments.length - 1;
    if (last ? !info.isFile() : !info.isDirectory()) throw refusal('special', shown);
  }
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: the file became a link after the lstat (O_NOFOLLOW refused it).
    if (code === 'ELOOP' || code === 'EMLINK') throw refusal('link', shown);
    if (code === 'ENOENT') throw refusal('missing', shown);
    throw error;
  }
  try {
    const opened = await handle.stat();
    const seen = await lstatOrNull(path);
    if (!opened.isFile()) throw refusal('special', shown);
    if (seen === null || seen.ino !== opened.ino || seen.dev !== opened.dev) throw refusal('link', shown);
    return { handle, stats: opened };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A whole library file, read through openLibraryFile; refused when larger than `maxBytes`. */
export async function readLibraryFile(root: string, segments: readonly string[], options: { shown?: string; maxBytes?: number } = {}): Promise<Buffer> {
  const { handle, stats } = await openCheckedLibraryFile(root, segments, options.shown);
  try {
    if (options.maxBytes !== undefined) {
      const { size } = stats;
      if (size > options.maxBytes) throw new AppError('invalid-file', `${options.shown ?? segments.at(-1) ?? 'file'} is too large to read (${Math.round(size / 1024 / 1024)} MB).`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The path of a library file that passes the guard (for code that must hand a path on, e.g. to the media protocol). */
export async function checkLibraryFile(root: string, segments: readonly string[]): Promise<string> {
  const handle = await openLibraryFile(root, segments);
  await handle.close();
  return join(root, ...segments);
}
