import type { electronBinary } from '../e2e/electron-binary';

export type ElectronBinary = ReturnType<typeof electronBinary>;

/** What `npm run demo` opens: the real app, the browser harness, or nothing (and why). */
export type DemoPlan =
  | { open: 'electron'; binary: string }
  | { open: 'browser'; notice: string | null }
  | { open: 'nothing'; error: string };

export const NO_ELECTRON_NOTICE = 'Electron is not installed here; opening the browser demo instead (xvfb-run if no display)';

/**
 * Decided from what is on disk, never by requiring `electron`: its getter tries to download a
 * missing binary and, where there is no route to the download, prints a long failure before
 * anything else happens. A machine with network fetches it with `npx install-electron`.
 */
export function planDemo(input: { args: readonly string[]; binary: ElectronBinary; display: string | undefined }): DemoPlan {
  const wantBrowser = input.args.includes('--browser');
  if (!wantBrowser && 'path' in input.binary) return { open: 'electron', binary: input.binary.path };
  if (!input.display) {
    return {
      open: 'nothing',
      error: wantBrowser
        ? 'No display for the browser demo: run `xvfb-run npm run demo -- --browser`.'
        : 'Electron is not installed here and there is no display for the browser demo: run `xvfb-run npm run demo`.',
    };
  }
  return { open: 'browser', notice: wantBrowser ? null : NO_ELECTRON_NOTICE };
}
