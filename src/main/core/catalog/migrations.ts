/**
 * The catalog's schema, one step per version. `PRAGMA user_version` says how many have run;
 * each step runs in its own transaction together with the version bump, so a crash leaves the
 * schema at one version or the next, never between. Steps are only ever appended.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: jobs, full-text search over them, staged drafts, records that could not be read, preferences.
  `
  CREATE TABLE jobs (
    -- An explicit integer key: the full-text index refers to rows by it, and VACUUM may
    -- renumber the implicit rowid of a table without one.
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    prompt TEXT NOT NULL,
    negative_prompt TEXT NOT NULL,
    source_name TEXT NOT NULL,
    model_version TEXT NOT NULL,
    sketch_key TEXT NOT NULL,
    prediction_id TEXT,
    favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    -- The job this one was made from (an output, its sketch, a re-run); the record keeps the
    -- link's full story, this column lets "used by" be one indexed lookup.
    origin_job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
    -- The rest of the record as JSON, without logs (they change with every progress tick and
    -- are only read when one job is opened).
    record TEXT NOT NULL,
    logs TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX jobs_by_created ON jobs (created_at, id);
  CREATE INDEX jobs_by_status ON jobs (status, created_at);
  CREATE INDEX jobs_by_sketch ON jobs (sketch_key, created_at);
  CREATE INDEX jobs_by_rating ON jobs (rating, created_at);
  CREATE INDEX jobs_by_model ON jobs (model_version, created_at);
  CREATE INDEX jobs_favourites ON jobs (created_at) WHERE favourite = 1;
  CREATE INDEX jobs_by_origin ON jobs (origin_job_id) WHERE origin_job_id IS NOT NULL;
  CREATE INDEX jobs_by_prediction ON jobs (prediction_id) WHERE prediction_id IS NOT NULL;

  CREATE VIRTUAL TABLE jobs_text USING fts5 (
    prompt, negative_prompt, source_name,
    content = 'jobs', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  CREATE TRIGGER jobs_text_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_text (rowid, prompt, negative_prompt, source_name)
    VALUES (new.seq, new.prompt, new.negative_prompt, new.source_name);
  END;
  CREATE TRIGGER jobs_text_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_text (jobs_text, rowid, prompt, negative_prompt, source_name)
    VALUES ('delete', old.seq, old.prompt, old.negative_prompt, old.source_name);
  END;
  CREATE TRIGGER jobs_text_update AFTER UPDATE OF prompt, negative_prompt, source_name ON jobs BEGIN
    INSERT INTO jobs_text (jobs_text, rowid, prompt, negative_prompt, source_name)
    VALUES ('delete', old.seq, old.prompt, old.negative_prompt, old.source_name);
    INSERT INTO jobs_text (rowid, prompt, negative_prompt, source_name)
    VALUES (new.seq, new.prompt, new.negative_prompt, new.source_name);
  END;

  CREATE TABLE drafts (
    input_id TEXT PRIMARY KEY,
    source_name TEXT NOT NULL,
    origin TEXT NOT NULL,
    sketch_key TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  -- Job folders whose record could not be read when the library was imported: kept on disk
  -- as they are and reported, never dropped in silence.
  CREATE TABLE unreadable_records (
    folder TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    found_at TEXT NOT NULL
  );

  CREATE TABLE preferences (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: each filter's index ends with the History's order (created_at, then id), so a filtered
  // page is read in order straight from the index and stops after one window; without the id
  // SQLite sorted every job in the filter's range to break ties. The search's words are checked
  // against each index entry's seq before the row (a few KB of record and logs) is read.
  `
  DROP INDEX jobs_by_status;
  CREATE INDEX jobs_by_status ON jobs (status, created_at, id);
  DROP INDEX jobs_by_sketch;
  CREATE INDEX jobs_by_sketch ON jobs (sketch_key, created_at, id);
  DROP INDEX jobs_by_rating;
  CREATE INDEX jobs_by_rating ON jobs (rating, created_at, id);
  DROP INDEX jobs_by_model;
  CREATE INDEX jobs_by_model ON jobs (model_version, created_at, id);
  DROP INDEX jobs_favourites;
  CREATE INDEX jobs_favourites ON jobs (created_at, id) WHERE favourite = 1;
  `,
  // 3: batches. A batch is made in two steps: its row (state 'creating', with the ids of the job
  // folders about to be made), then the folders, then every job and the state 'active' in one
  // transaction. A crash in between leaves a 'creating' row whose folders are removed at the
  // next open: never a half batch.
  `
  CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('creating', 'active', 'paused', 'canceled')),
    -- The spec it was made from and its sweep axes (what a contact sheet labels), as JSON.
    spec TEXT NOT NULL,
    axes TEXT NOT NULL,
    -- While creating: the job folders being made, so a crash can be cleaned up precisely.
    pending_job_ids TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX batches_by_created ON batches (created_at);
  ALTER TABLE jobs ADD COLUMN batch_id TEXT REFERENCES batches(id) ON DELETE SET NULL;
  CREATE INDEX jobs_by_batch ON jobs (batch_id, created_at, id) WHERE batch_id IS NOT NULL;
  `,
  // 4: watched sketch files. A watch outlives a restart (watching resumes at start); its jobs
  // carry its id in an indexed column so a revision's details can list its siblings at once.
  // No foreign key: stopping a watch removes its row, and its jobs keep saying which it was.
  `
  CREATE TABLE watches (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    started_at TEXT NOT NULL,
    -- The rest (recipe, revision count, the prepared image's hash, pause message) as JSON.
    record TEXT NOT NULL
  );
  ALTER TABLE jobs ADD COLUMN watch_id TEXT;
  CREATE INDEX jobs_by_watch ON jobs (watch_id, created_at, id) WHERE watch_id IS NOT NULL;
  `,
];
