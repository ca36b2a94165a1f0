import { existsSync } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/app-error';
import { MIGRATIONS } from './migrations';

export type CatalogDb = {
  db: DatabaseSync;
  path: string;
  /** True when this open made the file (first start, or a rebuild): the job folders are then imported. */
  created: boolean;
  /** Where a damaged catalog was moved before this one was made in its place, if that happened. */
  movedAside: string | null;
  /** Runs `work` in one transaction: all of it lands, or (on a throw or a crash) none of it. */
  transaction<T>(work: () => T): T;
  close(): void;
};

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** node:sqlite reports SQLite's result code as `errcode`; the low byte is the primary code. */
function isDamaged(error: unknown): boolean {
  if (!(error instanceof Error) || !('errcode' in error) || typeof error.errcode !== 'number') return false;
  const primary = error.errcode & 0xff;
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB;
}

class SpecialFileError extends Error {
  constructor(path: string) {
    super(`${path} is not a regular file`);
  }
}

function connect(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: true });
  // WAL: readers never wait for the writer, and a commit is one append. FULL: every commit is
  // on disk before it returns (about 0.2 ms here), so "every status transition is persisted"
  // holds through a power cut, not only through a crash of the app.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 2000; PRAGMA temp_store = MEMORY;');
  return db;
}

function migrate(db: DatabaseSync, migrations: readonly string[]): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  const version = row?.user_version ?? 0;
  if (version > migrations.length) {
    throw new AppError(
      'internal',
      `The library was last opened by a newer version of Redraw (catalog version ${version}); update Redraw to open it.`,
    );
  }
  for (let next = version; next < migrations.length; next++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[next] ?? '');
      db.exec(`PRAGMA user_version = ${next + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/**
 * Opens (or makes) the catalog and brings its schema up to date. A file SQLite cannot read as
 * a database is moved aside, not deleted, and a new catalog is made in its place; the caller
 * then rebuilds it from the job folders.
 */
export async function openCatalogDb(path: string, options: { migrations?: readonly string[]; now?: () => number } = {}): Promise<CatalogDb> {
  const migrations = options.migrations ?? MIGRATIONS;
  let created = !existsSync(path);
  let movedAside: string | null = null;
  let db: DatabaseSync;
  try {
    // A pipe or a device where the catalog should be is no database: SQLite fails on it with an
    // I/O error and the app would not start. Treated like a damaged catalog: moved aside. One
    // where its journal or shared-memory index should be holds nothing of the catalog's (a
    // pipe stores no bytes): moved aside alone, and SQLite makes a new one.
    const info = await stat(path).catch(() => null);
    if (info !== null && !info.isFile()) throw new SpecialFileError(path);
    for (const suffix of ['-wal', '-shm']) {
      const side = await stat(path + suffix).catch(() => null);
      if (side !== null && !side.isFile()) await rename(path + suffix, `${path}${suffix}.damaged-${(options.now ?? Date.now)()}`);
    }
    db = connect(path);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    migrate(db, migrations);
  } catch (error) {
    if (!isDamaged(error) && !(error instanceof SpecialFileError)) throw error;
    movedAside = `${path}.damaged-${(options.now ?? Date.now)()}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) await rename(path + suffix, movedAside + suffix);
    }
    created = true;
    db = connect(path);
    migrate(db, migrations);
  }

  let depth = 0;
  return {
    db,
    path,
    created,
    movedAside,
    transaction<T>(work: () => T): T {
      // One connection, synchronous calls: a transaction inside another simply joins it.
      if (depth > 0) return work();
      depth++;
      db.exec('BEGIN');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
