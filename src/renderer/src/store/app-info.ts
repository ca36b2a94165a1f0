import { create } from 'zustand';
import type { ChannelOutput } from '../../../shared/ipc-contract';

type AppInfo = ChannelOutput<'app:info'>;

type AppInfoState = { info: AppInfo | null };

export const useAppInfoStore = create<AppInfoState>(() => ({ info: null }));

export function setAppInfo(info: AppInfo): void {
  useAppInfoStore.setState({ info });
}

/** Where images come from; empty until `app:info` answered (images then simply wait). */
export function useMediaBaseUrl(): string | null {
  return useAppInfoStore((state) => state.info?.mediaBaseUrl ?? null);
}
