import type { Envelope } from '../../shared/ipc-contract';
import { isTrustedUrl } from './navigation-policy';

/** Who sent an IPC call, as the Electron layer (or the browser harness) sees it. */
export type IpcSender = {
  /** The call came from our app window's page: not another window, not devtools, not a closed one. */
  fromAppWindow: boolean;
  /** The sending frame is that page's top frame, not an iframe in it. */
  isMainFrame: boolean;
  /** The sending frame's URL; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
};

/**
 * Whether a call may reach the core: only from our own page, in the main frame of our window.
 * Anything else (an iframe, a page navigated elsewhere, about:blank, devtools, another window)
 * is refused before the core sees its input.
 */
export function mayCallIpc(sender: IpcSender, trusted: string): boolean {
  return sender.fromAppWindow && sender.isMainFrame && isTrustedUrl(sender.frameUrl, trusted);
}

/** The answer a refused call gets, in the contract's error envelope. */
export const REFUSED_SENDER: Envelope = {
  ok: false,
  error: { code: 'invalid-request', message: 'Refused: the request did not come from Redraw.' },
};
