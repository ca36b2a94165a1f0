import { create } from 'zustand';
import { MAX_BATCH_SOURCES } from '../../../shared/batch-spec';
import { viewToQuery } from '../../../shared/history-query';
import { call, toAppErrorData } from '../api/client';
import { useHistoryStore } from './history';
import { showError, toast } from './ui';

/**
 * Jobs selected in the History for a batch re-run. Ids, not places: the selection survives a
 * new search or a scroll that lets the windows holding them go. The anchor is the place of the
 * last click, from which a Shift-click selects a range (asked of main, since the places between
 * may not be loaded).
 */
type SelectionState = {
  ids: readonly string[];
  anchor: number | null;
};

export const useSelectionStore = create<SelectionState>(() => ({ ids: [], anchor: null }));

export function isSelected(state: SelectionState, jobId: string): boolean {
  return state.ids.includes(jobId);
}

function add(ids: readonly string[]): void {
  useSelectionStore.setState((state) => {
    const known = new Set(state.ids);
    const next = [...state.ids, ...ids.filter((id) => !known.has(id))];
    if (next.length > MAX_BATCH_SOURCES) toast(`At most ${MAX_BATCH_SOURCES.toLocaleString()} jobs can be selected at once.`);
    return { ids: next.slice(0, MAX_BATCH_SOURCES) };
  });
}

/** Click on the checkbox, or Ctrl/Cmd-click: one job in or out; its place becomes the anchor. */
export function toggleSelected(jobId: string, place: number): void {
  useSelectionStore.setState((state) =>
    state.ids.includes(jobId) ? { ids: state.ids.filter((id) => id !== jobId), anchor: place } : { ids: [...state.ids, jobId].slice(0, MAX_BATCH_SOURCES), anchor: place },
  );
}

/** Plain click: the place a later Shift-click counts from. */
export function setSelectionAnchor(place: number): void {
  useSelectionStore.setState({ anchor: place });
}

async function idsOf(offset: number, limit: number): Promise<string[]> {
  const query = viewToQuery(useHistoryStore.getState().view);
  return (await call('history:ids', { query, offset, limit: Math.min(limit, MAX_BATCH_SOURCES) })).ids;
}

/** Shift-click: everything from the anchor to here joins the selection. */
export async function selectRangeTo(jobId: string, place: number): Promise<void> {
  const { anchor } = useSelectionStore.getState();
  if (anchor === null) {
    toggleSelected(jobId, place);
    return;
  }
  const from = Math.min(anchor, place);
  const to = Math.max(anchor, place);
  try {
    add(await idsOf(from, to - from + 1));
  } catch (error) {
    showError(toAppErrorData(error), 'job-action');
  }
}

/** Everything the current search and filters match (up to the most a batch can start from). */
export async function selectAllMatching(): Promise<void> {
  const total = useHistoryStore.getState().total ?? 0;
  if (total === 0) return;
  try {
    add(await idsOf(0, total));
  } catch (error) {
    showError(toAppErrorData(error), 'job-action');
  }
}

export function clearSelection(): void {
  useSelectionStore.setState({ ids: [], anchor: null });
}

/** A deleted job leaves the selection too. */
export function unselect(jobId: string): void {
  useSelectionStore.setState((state) => (state.ids.includes(jobId) ? { ids: state.ids.filter((id) => id !== jobId) } : {}));
}
