import { create } from 'zustand';
import { MAX_BATCH_SOURCES } from '../../../shared/batch-spec';
import { viewToQuery } from '../../../shared/history-query';
import { call } from '../api/client';
import { jobAction } from '../jobs/job-action';
import { indexOf, useHistoryStore } from './history';
import { toast } from './ui';

/**
 * Jobs selected in the History for a batch re-run. Ids, not places: the selection survives a
 * new search or a scroll that lets the windows holding them go. The anchor is the job last
 * clicked; a Shift-click selects from where it is now to the job clicked (asked of main, since
 * the places between may not be loaded). A job, not a place: new jobs or another order move it.
 */
type SelectionState = {
  ids: readonly string[];
  anchor: string | null;
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

/** Click on the checkbox, or Ctrl/Cmd-click: one job in or out; it becomes the anchor. */
export function toggleSelected(jobId: string): void {
  const { ids } = useSelectionStore.getState();
  if (ids.includes(jobId)) {
    useSelectionStore.setState({ ids: ids.filter((id) => id !== jobId), anchor: jobId });
    return;
  }
  if (ids.length >= MAX_BATCH_SOURCES) {
    toast(`At most ${MAX_BATCH_SOURCES.toLocaleString()} jobs can be selected at once.`);
    return;
  }
  useSelectionStore.setState({ ids: [...ids, jobId], anchor: jobId });
}

/** Plain click: the job a later Shift-click counts from. */
export function setSelectionAnchor(jobId: string): void {
  useSelectionStore.setState({ anchor: jobId });
}

async function idsOf(offset: number, limit: number): Promise<string[]> {
  const query = viewToQuery(useHistoryStore.getState().view);
  return (await call('history:ids', { query, offset, limit: Math.min(limit, MAX_BATCH_SOURCES) })).ids;
}

/** Shift-click: everything from the anchor to here joins the selection. */
export async function selectRangeTo(jobId: string, place: number): Promise<void> {
  const { anchor } = useSelectionStore.getState();
  // Where the anchor is now in the History as shown (not loaded, or gone: a plain toggle).
  const anchorPlace = anchor === null ? -1 : indexOf(useHistoryStore.getState(), anchor);
  if (anchorPlace === -1) {
    toggleSelected(jobId);
    return;
  }
  const from = Math.min(anchorPlace, place);
  const to = Math.max(anchorPlace, place);
  await jobAction(async () => add(await idsOf(from, to - from + 1)));
}

/** Everything the current search and filters match (up to the most a batch can start from). */
export async function selectAllMatching(): Promise<void> {
  const total = useHistoryStore.getState().total ?? 0;
  if (total === 0) return;
  await jobAction(async () => add(await idsOf(0, total)));
}

export function clearSelection(): void {
  useSelectionStore.setState({ ids: [], anchor: null });
}

/** A deleted job leaves the selection too. */
export function unselect(jobId: string): void {
  useSelectionStore.setState((state) => (state.ids.includes(jobId) ? { ids: state.ids.filter((id) => id !== jobId) } : {}));
}
