import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Envelope, type EventName, type EventPayload } from '../../shared/ipc-contract';
import type { Dispatch } from '../core/ipc/dispatch';
import { isTrustedUrl } from './security';

/**
 * Every call must come from our own page in the main frame of our window; anything else
 * (an iframe, a navigated-away page, another window) is refused before the core sees it.
 */
function fromTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  return (
    window !== null &&
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isTrustedUrl(frame.url)
  );
}

export function wireIpc(dispatch: Dispatch, getWindow: () => BrowserWindow | null): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Envelope> => {
      if (!fromTrustedSender(event, getWindow())) {
        return { ok: false, error: { code: 'invalid-request', message: 'Refused: the request did not come from Redraw.' } };
      }
      return dispatch(channel, input);
    });
  }
}

export function emitTo(getWindow: () => BrowserWindow | null) {
  return <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(event, payload);
  };
}
