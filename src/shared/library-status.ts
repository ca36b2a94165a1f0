import { z } from 'zod';

/** What the artist should know about the library itself: records that could not be read, folders without one. */
export const libraryStatusSchema = z.object({
  jobs: z.number().int().nonnegative(),
  /** Job folders whose record could not be read: kept on disk untouched, never dropped in silence. */
  unreadable: z.array(z.object({ folder: z.string(), reason: z.string() })),
  /** Job folders with no record at all (checked shortly after start): left where they are. */
  foldersWithoutRecord: z.array(z.string()),
  /**
   * Job folders the app would have removed at this start (a batch a crash left half made) that
   * held more than their sketch: moved, with everything in them, to `movedTo` under
   * `<dataDir>/recovered/`, never deleted.
   */
  recovered: z.array(z.object({ folder: z.string(), movedTo: z.string() })),
  /** Set when the catalog was rebuilt from the job folders at this start (e.g. the file was damaged). */
  rebuilt: z.object({ movedAside: z.string().nullable(), imported: z.number().int().nonnegative() }).nullable(),
  /** Where the catalog lives, for the README's "rebuild" steps and for support. */
  catalogPath: z.string(),
});
export type LibraryStatus = z.infer<typeof libraryStatusSchema>;
