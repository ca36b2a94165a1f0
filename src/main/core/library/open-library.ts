import { join } from 'node:path';
import { thumbnailFileName } from '../../../shared/job';
import type { LibraryStatus } from '../../../shared/library-status';
import { openCatalogDb } from '../catalog/catalog-db';
import { prepareDraftRecords } from '../catalog/draft-records';
import { importDone, importJobFolders, type ImportReport } from '../catalog/import-job-folders';
import { createJobStore, type Clock, type JobChange } from '../catalog/job-store';
import { preparePreferences } from '../catalog/preferences';
import { openJobFiles } from './job-files';
import { prepareBatchRecords } from '../catalog/batch-records';
import { prepareModelTime } from '../catalog/model-time';
import { createThumbnails } from './thumbnails';
import { clearUnmadeFolder, type RecoveredFolder } from './clear-unmade-folder';

export const CATALOG_FILE = 'catalog.sqlite';
const THUMBNAIL_PATH = /^jobs\/([a-z0-9-]{8,64})\/([a-z0-9][a-z0-9._-]{0,63})\.thumb\.webp$/;

export type Library = Awaited<ReturnType<typeof openLibrary>>;

/**
 * The library as main uses it: the catalog (records, in SQLite) over the job folders (images).
 * Opening imports the folders' records when the catalog is new: the job.json files of earlier
 * versions on first start, or the recovery copies when a lost or damaged catalog is rebuilt.
 */
export async function openLibrary(dataDir: string, clock: Clock, onChange: (change: JobChange) => void) {
  const files = await openJobFiles(dataDir, clock);
  const catalog = await openCatalogDb(join(files.libraryDir, CATALOG_FILE), { now: () => clock.now() });
  let imported: ImportReport | null = null;
  if (!importDone(catalog)) {
    imported = await importJobFolders(catalog, files.jobsDir, await files.listJobFolders(), () => clock.now());
  }
  const thumbnails = createThumbnails(files);
  const store = createJobStore({
    catalog,
    clock,
    onChange,
    onSettled(job) {
      void files.writeRecordCopy(job).catch(() => undefined);
      if (job.status === 'succeeded') thumbnails.makeFor(job);
    },
  });
  const drafts = prepareDraftRecords(catalog, () => clock.now());
  const batches = prepareBatchRecords(catalog);
  const modelTime = prepareModelTime(catalog);
  // A batch a crash left half made: the folders it was making hold only links to their sketch
  // and no record (its jobs are written in one transaction that never committed), so they go
  // with it; a folder holding anything more is moved to the recovered area, never deleted.
  // Folders first, then the row: a folder that cannot go now (a locked file) is tried again at
  // the next open, and the library opens either way.
  const recovered: RecoveredFolder[] = [];
  for (const { batchId, jobIds } of batches.unfinishedCreations()) {
    const cleared = await Promise.allSettled(jobIds.filter((jobId) => store.get(jobId) === undefined).map((jobId) => clearUnmadeFolder(files, jobId)));
    for (const result of cleared) if (result.status === 'fulfilled' && result.value !== null) recovered.push(result.value);
    if (cleared.every((result) => result.status === 'fulfilled')) batches.forget(batchId);
  }
  const preferences = preparePreferences(catalog);
  const unreadable = catalog.db.prepare('SELECT folder, reason FROM unreadable_records ORDER BY folder');
  const countJobs = catalog.db.prepare('SELECT count(*) AS jobs FROM jobs');
  let foldersWithoutRecord: string[] = imported?.withoutRecord ?? [];

  /** Makes a job image's missing thumbnail (images stored before thumbnails existed); false when the path names none. */
  async function ensureThumbnail(mediaPath: string): Promise<boolean> {
    const thumb = THUMBNAIL_PATH.exec(mediaPath);
    if (!thumb?.[1]) return false;
    const job = store.get(thumb[1]);
    const source = job && [job.input.file, ...job.outputs.map((output) => output.file)].find((file) => thumbnailFileName(file) === `${thumb[2]}.thumb.webp`);
    if (!job || source === undefined) return false;
    return (await thumbnails.ensure(job.id, source)) !== null;
  }

  return {
    files,
    catalog,
    store,
    drafts,
    batches,
    modelTime,
    preferences,
    thumbnails,

    status(): LibraryStatus {
      return {
        jobs: (countJobs.get() as { jobs: number }).jobs,
        unreadable: unreadable.all() as { folder: string; reason: string }[],
        foldersWithoutRecord,
        recovered,
        // A first import of an old library is not a rebuild; a new catalog over existing records is.
        rebuilt: catalog.movedAside !== null ? { movedAside: catalog.movedAside, imported: imported?.imported ?? 0 } : null,
        catalogPath: catalog.path,
      };
    },

    /**
     * Finds job folders that have no record (a crash between making a folder and writing its
     * record, or files copied in by hand). They are never deleted: an artist's images are in
     * them. Run after start, off the path to the first screen.
     */
    async checkFolders(): Promise<string[]> {
      const known = new Set((catalog.db.prepare('SELECT id FROM jobs').all() as { id: string }[]).map((row) => row.id));
      for (const row of unreadable.all() as { folder: string }[]) known.add(row.folder);
      const folders = await files.listJobFolders();
      foldersWithoutRecord = folders.filter((folder) => !known.has(folder) && store.get(folder) === undefined);
      return foldersWithoutRecord;
    },

    /**
     * A media path's bytes, read through the guard's own handle (what the protocols serve),
     * making a missing thumbnail on the way (for images stored before thumbnails existed).
     */
    async readMedia(mediaPath: string): Promise<Buffer | null> {
      const found = await files.readMediaFile(mediaPath);
      if (found !== null) return found;
      return (await ensureThumbnail(mediaPath)) ? files.readMediaFile(mediaPath) : null;
    },

    async close(): Promise<void> {
      store.flush();
      await thumbnails.settle();
      await files.flush();
      catalog.close();
    },
  };
}
