import { create } from 'zustand';
import { DEFAULT_HISTORY_VIEW, HISTORY_PAGE_SIZE, type HistoryFacets, type HistoryGroup, type HistoryView } from '../../../shared/history-query';
import type { LibraryStatus } from '../../../shared/library-status';

/**
 * The History as the page knows it: the view (search, filters, order, grouping), how many jobs
 * match, the groups, and the ids of the windows loaded so far by their place in the result.
 * Summaries themselves live in the jobs store.
 */
type HistoryState = {
  view: HistoryView;
  /** Bumped whenever the view changes (0 until the saved view has arrived): replies for an older view are dropped. */
  generation: number;
  /** Jobs matching the view; null while the first answer is on its way. */
  total: number | null;
  groups: HistoryGroup[];
  /** Loaded windows: page index -> ids in result order. */
  pages: Readonly<Record<number, readonly string[]>>;
  facets: HistoryFacets | null;
  libraryStatus: LibraryStatus | null;
  /** Failed, aborted or expired jobs in the whole library (for "Retry failed"). */
  failedCount: number;
};

export const useHistoryStore = create<HistoryState>(() => ({
  view: DEFAULT_HISTORY_VIEW,
  generation: 0,
  total: null,
  groups: [],
  pages: {},
  facets: null,
  libraryStatus: null,
  failedCount: 0,
}));

/** The id at a place in the result, if its window is loaded. */
export function idAt(state: Pick<HistoryState, 'pages'>, index: number): string | undefined {
  return state.pages[Math.floor(index / HISTORY_PAGE_SIZE)]?.[index % HISTORY_PAGE_SIZE];
}

/** Where a job sits in the loaded windows, or -1. */
export function indexOf(state: Pick<HistoryState, 'pages'>, jobId: string): number {
  for (const [page, ids] of Object.entries(state.pages)) {
    const at = ids.indexOf(jobId);
    if (at !== -1) return Number(page) * HISTORY_PAGE_SIZE + at;
  }
  return -1;
}

/** True when anything narrows the History (so "Clear filters" is worth showing). */
export function isFiltered(view: HistoryView): boolean {
  return (
    view.text.trim() !== '' ||
    view.status !== 'any' ||
    view.favouritesOnly ||
    view.fromDay !== null ||
    view.toDay !== null ||
    view.sketch !== null ||
    view.modelVersion !== null
  );
}
