import type { DesktopShell } from '../src/main/core/desktop-shell';

/** A desktop where every dialog is canceled and nothing else happens: for cores run headless (benchmarks, child processes). */
export const INERT_DESKTOP: DesktopShell = {
  pickImageFiles: async () => [],
  pickSavePath: async () => null,
  showInFolder: async () => undefined,
  copyImage: async () => undefined,
  pickFolder: async () => null,
  startDrag: async () => undefined,
};
