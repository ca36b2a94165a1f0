import type { RedrawBridge } from '../../shared/ipc-contract';

declare global {
  interface Window {
    /** Put there by the preload; optional because a page opened outside the app has no bridge. */
    redraw?: RedrawBridge;
  }
}

export {};
