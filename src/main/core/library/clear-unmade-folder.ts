import { INPUT_FILE, type JobFiles } from './job-files';

/** A job folder moved out of the library instead of being removed, and where it went. */
export type RecoveredFolder = { folder: string; movedTo: string };


/**
 * Clears away a job folder that a batch began and a crash left without a record. The batch
 * made it holding only a hard link to its sketch, so such a folder is deleted (the sketch
 * lives on in its draft or its source job). Anything more in it (an output, a record, a
 * link, a file where the folder should be) is not the batch's to delete: the folder is moved
 * to the recovered area instead, and returned so the artist is told.
 */
export async function clearUnmadeFolder(files: JobFiles, jobId: string): Promise<RecoveredFolder | null> {
  const contents = await files.jobFolderContents(jobId);
  if (contents.kind === 'missing') return null;
  if (contents.kind === 'folder' && contents.entries.every((entry) => entry.name === INPUT_FILE && entry.isFile)) {
    await files.deleteJobFolder(jobId);
    return null;
  }
  return { folder: jobId, movedTo: await files.recoverJobFolder(jobId) };
}
