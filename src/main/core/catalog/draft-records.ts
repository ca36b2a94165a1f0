import { jobOriginSchema, type JobOrigin } from '../../../shared/job';
import type { CatalogDb } from './catalog-db';

export type DraftRecord = { inputId: string; sourceName: string; origin: JobOrigin; sketchKey: string };

const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * What main knows of each staged sketch: the name the artist dropped, where it came from and
 * its hash. Kept in the catalog, so a draft restored after a restart still makes a job with the
 * right name and lineage.
 */
export function prepareDraftRecords(catalog: CatalogDb, now: () => number) {
  const { db } = catalog;
  const insert = db.prepare(
    'INSERT INTO drafts (input_id, source_name, origin, sketch_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (input_id) DO NOTHING',
  );
  const select = db.prepare('SELECT source_name AS sourceName, origin, sketch_key AS sketchKey FROM drafts WHERE input_id = ?');
  db.prepare('DELETE FROM drafts WHERE created_at < ?').run(new Date(now() - DRAFT_MAX_AGE_MS).toISOString());

  return {
    add(draft: DraftRecord): void {
      insert.run(draft.inputId, draft.sourceName, JSON.stringify(draft.origin), draft.sketchKey, new Date(now()).toISOString());
    },
    get(inputId: string): DraftRecord | null {
      const row = select.get(inputId) as { sourceName: string; origin: string; sketchKey: string } | undefined;
      if (!row) return null;
      const origin = jobOriginSchema.catch({ kind: 'file' }).parse(JSON.parse(row.origin));
      return { inputId, sourceName: row.sourceName, origin, sketchKey: row.sketchKey };
    },
  };
}
