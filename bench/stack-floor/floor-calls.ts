import { HISTORY_PAGE_SIZE } from '../../src/shared/history-window';
import { keepEarlyReply } from '../../src/renderer/src/api/early-replies';

/**
 * Sent by the page's first module, before React and the contract are evaluated, and kept as
 * Redraw's own early-calls.ts keeps them: the floor gets the same head start.
 */
const bridge = window.redraw;
if (!bridge) throw new Error('stack floor: no bridge');
keepEarlyReply('app:info', bridge.invoke('app:info', undefined));
keepEarlyReply('history:start', bridge.invoke('history:start', { limit: HISTORY_PAGE_SIZE }));
