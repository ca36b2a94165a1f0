import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export type FileWatcher = { close(): void };

export type FileWatchOptions = {
  /** Quiet time after the last change before `onSettled` runs: one save is many events. */
  debounceMs: number;
  /** The file may have changed (or gone): the caller looks at it again. */
  onSettled(): void;
  /** The OS stopped reporting changes (the folder went, a watch limit): nothing more will come. */
  onBroken(error: Error): void;
};

/**
 * Watches one file the way drawing apps save it. Krita, Photoshop and most editors write a
 * temporary file and rename it over the old one, which replaces the file's inode: a watch on the
 * file itself would stop at the first save. So the folder is watched and its events are kept
 * to the file's name (and the folder's own, which is how a moved or deleted folder is reported).
 * A burst of events (write, rename, attributes) is one change once `debounceMs` pass quietly;
 * the caller then stats and reads the file, so what the events said matters little.
 * Throws when the folder cannot be watched (it is gone, or the OS refuses another watch).
 */
export function watchFileInFolder(path: string, options: FileWatchOptions): FileWatcher {
  const name = basename(path);
  const folder = dirname(path);
  const folderName = basename(folder);
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const settle = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!closed) options.onSettled();
    }, options.debounceMs);
  };

  // Not persistent: a watch alone must not keep the process alive (the app's window does).
  const watcher: FSWatcher = watch(folder, { persistent: false }, (_event, filename) => {
    // Some platforms cannot say which entry changed: then it may be ours.
    if (filename === null || filename === name || filename === folderName) settle();
  });
  watcher.on('error', (error) => {
    if (closed) return;
    close();
    options.onBroken(error);
  });

  function close(): void {
    closed = true;
    if (timer) clearTimeout(timer);
    timer = null;
    watcher.close();
  }
  return { close };
}
