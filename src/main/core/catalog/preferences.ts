import type { z } from 'zod';
import type { CatalogDb } from './catalog-db';

/** Small values the app keeps between runs (the History's view), each parsed on the way out. */
export function preparePreferences(catalog: CatalogDb) {
  const select = catalog.db.prepare('SELECT value FROM preferences WHERE key = ?');
  const upsert = catalog.db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
      const row = select.get(key) as { value: string } | undefined;
      if (!row) return fallback;
      try {
        const parsed = schema.safeParse(JSON.parse(row.value));
        return parsed.success ? parsed.data : fallback;
      } catch {
        return fallback;
      }
    },
    set(key: string, value: unknown): void {
      upsert.run(key, JSON.stringify(value));
    },
  };
}
