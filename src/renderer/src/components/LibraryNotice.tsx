import { useState } from 'react';
import { useHistoryStore } from '../store/history';

/**
 * Tells the artist about records that could not be read and folders without one: they are kept
 * on disk untouched, and this is where they hear of it (never a silent drop).
 */
export function LibraryNotice() {
  const status = useHistoryStore((state) => state.libraryStatus);
  const [open, setOpen] = useState(false);
  if (status === null) return null;
  const unreadable = status.unreadable.length;
  const recordless = status.foldersWithoutRecord.length;
  const recovered = status.recovered.length;
  if (unreadable === 0 && recordless === 0 && recovered === 0 && status.rebuilt === null) return null;

  const parts: string[] = [];
  if (status.rebuilt !== null) parts.push(`The catalog was rebuilt from the job folders (${status.rebuilt.imported} jobs).`);
  if (unreadable > 0) parts.push(`${unreadable} ${unreadable === 1 ? 'job' : 'jobs'} could not be read.`);
  if (recordless > 0) parts.push(`${recordless} job ${recordless === 1 ? 'folder has' : 'folders have'} no record.`);
  if (recovered > 0) parts.push(`${recovered} unfinished job ${recovered === 1 ? 'folder was' : 'folders were'} moved, with ${recovered === 1 ? 'its' : 'their'} images, to the recovered folder.`);

  return (
    <div className="library-notice" role="note" aria-label="Library notice">
      <p>
        {parts.join(' ')} {unreadable + recordless > 0 ? 'Their files were kept where they are.' : ''}{' '}
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Details'}
        </button>
      </p>
      {open && (
        <ul className="library-notice-list">
          {status.rebuilt?.movedAside && <li>The damaged catalog was kept as {status.rebuilt.movedAside}</li>}
          {status.unreadable.map((entry) => (
            <li key={entry.folder}>
              <code>{entry.folder}</code>: {entry.reason}
            </li>
          ))}
          {status.foldersWithoutRecord.map((folder) => (
            <li key={folder}>
              <code>{folder}</code>: no record (left in place)
            </li>
          ))}
          {status.recovered.map((entry) => (
            <li key={entry.folder}>
              <code>{entry.folder}</code>: moved to {entry.movedTo}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
