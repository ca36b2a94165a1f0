import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { CHANNELS, type Envelope, type EventName, type EventPayload } from '../../shared/ipc-contract';
import type { Dispatch } from '../core/ipc/dispatch';
import { mayCallIpc, REFUSED_SENDER, type IpcSender } from '../core/ipc-sender-policy';

/** A disposed frame throws on access; a frame we cannot read is one that is gone. */
function frameUrl(frame: WebFrameMain | null): string | null {
  try {
    return frame?.url ?? null;
  } catch {
    return null;
  }
}

/** What Electron tells us about a call's sender, as the plain data the policy decides on. */
function senderOf(event: IpcMainInvokeEvent, window: BrowserWindow | null): IpcSender {
  const contents = window !== null && !window.isDestroyed() ? window.webContents : null;
  const frame = event.senderFrame;
  return {
    fromAppWindow: contents !== null && event.sender === contents,
    isMainFrame: contents !== null && frame !== null && frame === contents.mainFrame,
    frameUrl: frameUrl(frame),
  };
}

/** Every call's sender is checked (ipc-sender-policy.ts) before the core sees its input. */
export function wireIpc(dispatch: Dispatch, getWindow: () => BrowserWindow | null, trustedOrigin: string): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Envelope> => {
      if (!mayCallIpc(senderOf(event, getWindow()), trustedOrigin)) return REFUSED_SENDER;
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
