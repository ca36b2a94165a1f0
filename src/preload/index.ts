import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type Channel, type EventName, type RedrawBridge } from '../shared/ipc-contract';

/**
 * Runs sandboxed, before the page. The page gets exactly the contract: invoke a declared
 * channel, listen to a declared event. Never ipcRenderer itself, never an event object.
 */
const channels: ReadonlySet<string> = new Set(CHANNELS);
const events: ReadonlySet<string> = new Set(EVENTS);

const bridge: RedrawBridge = {
  invoke: (channel: Channel, input: unknown) => {
    if (!channels.has(channel)) return Promise.reject(new Error(`Unknown channel: ${String(channel)}`));
    return ipcRenderer.invoke(channel, input);
  },
  on: (event: EventName, listener: (payload: never) => void) => {
    if (!events.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
} as RedrawBridge;

contextBridge.exposeInMainWorld('redraw', bridge);
