import { HISTORY_PAGE_SIZE } from '../../../shared/history-window';
import { keepEarlyReply } from './early-replies';

/**
 * The calls every start makes, sent by the first module the page evaluates (main.tsx imports it
 * first): they travel to main and back while the rest of the script (React, the contract's
 * schemas) is still being evaluated, so the first render can already show the History. Nothing
 * but the bridge is used here (importing zod or React would make them evaluate first). The
 * replies are checked against the contract when they are taken (callAtStart in client.ts).
 */
const bridge = window.redraw;
if (bridge) {
  keepEarlyReply('history:start', bridge.invoke('history:start', { limit: HISTORY_PAGE_SIZE }));
  keepEarlyReply('app:info', bridge.invoke('app:info', undefined));
  keepEarlyReply('settings:get', bridge.invoke('settings:get', undefined));
}
