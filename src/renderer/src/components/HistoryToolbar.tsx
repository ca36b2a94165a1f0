import { useId } from 'react';
import {
  DEFAULT_HISTORY_VIEW,
  type HistoryGrouping,
  type HistorySort,
  type StatusFilter,
} from '../../../shared/history-query';
import { setHistoryView } from '../history/history-loader';
import { isFiltered, useHistoryStore } from '../store/history';

const STATUS_LABELS: Record<StatusFilter, string> = {
  any: 'Any status',
  succeeded: 'Done',
  failed: 'Failed or expired',
  canceled: 'Canceled',
  active: 'Queued or running',
};
const SORT_LABELS: Record<HistorySort, string> = { newest: 'Newest first', oldest: 'Oldest first', rating: 'Best rated' };
const GROUP_LABELS: Record<HistoryGrouping, string> = { none: 'No grouping', sketch: 'Sketch', day: 'Day' };

/** "owner/model:15a3689e…087d" is too long for a menu; the version hash is shortened. */
function shortVersion(modelVersion: string): string {
  const [model, version] = modelVersion.split(':');
  return version && version.length > 14 ? `${model}:${version.slice(0, 8)}…` : modelVersion;
}

/** One of a fixed set of choices, named by its label (not shown where the choices say it themselves). */
function ChoiceSelect<T extends string>(props: { label: string; labels: Record<T, string>; value: T; onChange: (value: T) => void; hideLabel?: boolean }) {
  return (
    <label className="history-filter">
      {!props.hideLabel && props.label}
      <select aria-label={props.label} value={props.value} onChange={(event) => props.onChange(event.target.value as T)}>
        {(Object.entries(props.labels) as [T, string][]).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Search, filters, order and grouping of the History. Every change is answered as the artist
 * makes it (typing included) and kept by main, so the History opens the same way next time.
 */
export function HistoryToolbar() {
  const view = useHistoryStore((state) => state.view);
  const facets = useHistoryStore((state) => state.facets);
  const id = useId();
  const filtered = isFiltered(view);

  return (
    <div className="history-toolbar" role="search" aria-label="Find in history">
      <input
        type="search"
        className="history-search"
        aria-label="Search history"
        placeholder="Search prompts and sketch names"
        value={view.text}
        maxLength={500}
        onChange={(event) => setHistoryView({ text: event.target.value })}
      />
      <div className="history-filters">
        <ChoiceSelect label="Status" hideLabel labels={STATUS_LABELS} value={view.status} onChange={(status) => setHistoryView({ status })} />
        <label className="history-filter history-check">
          <input type="checkbox" checked={view.favouritesOnly} onChange={(event) => setHistoryView({ favouritesOnly: event.target.checked })} />
          Favourites only
        </label>
        <label className="history-filter" htmlFor={`${id}-from`}>
          From
        </label>
        <input
          id={`${id}-from`}
          className="history-date"
          type="date"
          value={view.fromDay ?? ''}
          max={view.toDay ?? undefined}
          onChange={(event) => setHistoryView({ fromDay: event.target.value === '' ? null : event.target.value })}
        />
        <label className="history-filter" htmlFor={`${id}-to`}>
          To
        </label>
        <input
          id={`${id}-to`}
          className="history-date"
          type="date"
          value={view.toDay ?? ''}
          min={view.fromDay ?? undefined}
          onChange={(event) => setHistoryView({ toDay: event.target.value === '' ? null : event.target.value })}
        />
        {facets !== null && facets.modelVersions.length > 1 && (
          <select
            aria-label="Model version"
            value={view.modelVersion ?? ''}
            onChange={(event) => setHistoryView({ modelVersion: event.target.value === '' ? null : event.target.value })}
          >
            <option value="">Any model version</option>
            {facets.modelVersions.map((entry) => (
              <option key={entry.modelVersion} value={entry.modelVersion} title={entry.modelVersion}>
                {shortVersion(entry.modelVersion)} ({entry.count})
              </option>
            ))}
          </select>
        )}
        {view.sketch !== null && (
          <span className="history-chip">
            Sketch: {view.sketch.name}
            <button type="button" className="history-chip-clear" aria-label="Clear sketch filter" onClick={() => setHistoryView({ sketch: null })}>
              ×
            </button>
          </span>
        )}
        {filtered && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() =>
              setHistoryView({ ...DEFAULT_HISTORY_VIEW, sort: view.sort, group: view.group })
            }
          >
            Clear filters
          </button>
        )}
      </div>
      <div className="history-arrange">
        <ChoiceSelect label="Sort" labels={SORT_LABELS} value={view.sort} onChange={(sort) => setHistoryView({ sort })} />
        <ChoiceSelect label="Group by" labels={GROUP_LABELS} value={view.group} onChange={(group) => setHistoryView({ group })} />
      </div>
    </div>
  );
}
