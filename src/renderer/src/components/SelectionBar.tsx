import { clearSelection, selectAllMatching, useSelectionStore } from '../store/selection';
import { openBatchDialog } from '../store/batch-dialog';
import { useHistoryStore } from '../store/history';
import { exportJobs, useExportStore } from '../jobs/share-actions';

/**
 * Above the gallery: "Select all" what the search matches; once anything is selected, how many,
 * "Export…" (to a folder, with a manifest), "Re-run selected" (the Batch re-run dialog) and
 * "Clear selection".
 */
export function SelectionBar() {
  const ids = useSelectionStore((state) => state.ids);
  const total = useHistoryStore((state) => state.total);
  const exporting = useExportStore((state) => state.busy);
  if ((total ?? 0) === 0 && ids.length === 0) return null;
  return (
    <div className={ids.length > 0 ? 'selection-bar selection-bar--active' : 'selection-bar'} role="toolbar" aria-label="Selection">
      {ids.length > 0 && (
        <span className="selection-count" role="status" aria-label="Selection count">
          {ids.length.toLocaleString()} selected
        </span>
      )}
      <button type="button" className="button button--ghost button--small" onClick={() => void selectAllMatching()} disabled={(total ?? 0) === 0}>
        Select all
      </button>
      {ids.length > 0 && (
        <>
          <button type="button" className="button button--ghost button--small" onClick={clearSelection}>
            Clear selection
          </button>
          <button type="button" className="button button--small" onClick={() => void exportJobs(ids)} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export…'}
          </button>
          <button type="button" className="button button--primary button--small" onClick={() => openBatchDialog(ids)}>
            Re-run selected
          </button>
        </>
      )}
      {ids.length === 0 && <span className="field-help">Tick cards (Shift-click for a range, Ctrl/⌘-click to toggle) to re-run them as a batch.</span>}
    </div>
  );
}
