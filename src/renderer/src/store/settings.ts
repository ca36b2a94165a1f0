import { create } from 'zustand';
import type { SettingsView } from '../../../shared/settings';

/** What main tells the page about settings; by construction it never contains the token. */
type SettingsState = { view: SettingsView | null };

export const useSettingsStore = create<SettingsState>(() => ({ view: null }));

export function setSettingsView(view: SettingsView): void {
  useSettingsStore.setState({ view });
}

export function useTokenSet(): boolean {
  return useSettingsStore((state) => state.view?.tokenSet ?? false);
}
