import { create } from 'zustand';
import type { ChannelOutput } from '../../../shared/ipc-contract';

/** Today's and this month's model time and estimated cost, as main last counted them. */
type CostsState = { totals: ChannelOutput<'costs:totals'> | null };

export const useCostsStore = create<CostsState>(() => ({ totals: null }));

export function setCostTotals(totals: ChannelOutput<'costs:totals'>): void {
  useCostsStore.setState({ totals });
}
