import { create } from 'zustand';
import type { WatchState } from '../../../shared/watch';

/** The sketch files main watches, as its last `watch:changed` event (or `watch:list`) told them. */
type WatchesState = { list: readonly WatchState[] };

export const useWatchesStore = create<WatchesState>(() => ({ list: [] }));

export function setWatches(list: readonly WatchState[]): void {
  useWatchesStore.setState({ list });
}
