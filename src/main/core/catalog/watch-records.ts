import { z } from 'zod';
import { watchStateSchema, type WatchState } from '../../../shared/watch';
import type { CatalogDb } from './catalog-db';

/**
 * A watch as main keeps it: what the page sees, plus what only main needs to tell a real change
 * from a save that changed nothing, across restarts too.
 */
const watchRecordSchema = watchStateSchema.extend({
  /** The SHA-256 of the prepared image of the newest revision (the sketch key of its job). */
  lastKey: z.string().max(200).nullable(),
  /** Size and modification time when the file was last read: unchanged at start, it was not touched. */
  lastSize: z.number().int().nonnegative().nullable(),
  lastMtimeMs: z.number().nonnegative().nullable(),
});
export type WatchRecord = z.infer<typeof watchRecordSchema> & { path: string };

/** What the page may see of a watch: parsing drops what the schema does not declare (the path, the hash). */
export function watchView(record: WatchRecord): WatchState {
  return watchStateSchema.parse(record);
}

/** Watched files in the catalog, so watching resumes after a restart. Rows are parsed on the way out. */
export function prepareWatchRecords(catalog: CatalogDb) {
  const { db } = catalog;
  const upsert = db.prepare(
    `INSERT INTO watches (id, path, started_at, record) VALUES ($id, $path, $started_at, $record)
     ON CONFLICT (id) DO UPDATE SET path = excluded.path, record = excluded.record`,
  );
  const remove = db.prepare('DELETE FROM watches WHERE id = ?');
  const selectAll = db.prepare('SELECT id, path, record FROM watches ORDER BY started_at, id');
  const jobsOf = db.prepare('SELECT id FROM jobs WHERE watch_id = ? ORDER BY created_at DESC, id DESC LIMIT ?');

  return {
    save(record: WatchRecord): void {
      const { path, ...rest } = record;
      upsert.run({ id: record.id, path, started_at: record.startedAt, record: JSON.stringify(watchRecordSchema.parse(rest)) });
    },
    remove(watchId: string): void {
      remove.run(watchId);
    },
    /** Every watch; a row that cannot be read (written by a newer version?) is left alone, not dropped. */
    all(): WatchRecord[] {
      const rows = selectAll.all() as { id: string; path: string; record: string }[];
      return rows.flatMap((row) => {
        try {
          const parsed = watchRecordSchema.safeParse(JSON.parse(row.record));
          return parsed.success && parsed.data.id === row.id ? [{ ...parsed.data, path: row.path }] : [];
        } catch {
          return [];
        }
      });
    },
    /** Ids of a watch's newest jobs, newest first. */
    jobIds(watchId: string, limit: number): string[] {
      return (jobsOf.all(watchId, limit) as { id: string }[]).map((row) => row.id);
    },
  };
}

export type WatchRecords = ReturnType<typeof prepareWatchRecords>;
