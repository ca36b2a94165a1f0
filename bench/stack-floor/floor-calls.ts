import { HISTORY_PAGE_SIZE } from '../../src/shared/history-window';

/**
 * Sent by the page's first module, before React and the contract are evaluated, as Redraw's
 * own early-calls.ts does: the floor gets the same head start.
 */
const bridge = window.redraw;
if (!bridge) throw new Error('stack floor: no bridge');
export const startCalls = Promise.all([bridge.invoke('app:info', undefined), bridge.invoke('history:start', { limit: HISTORY_PAGE_SIZE })]);
