import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { createCore, type Core } from '../core/create-core';
import { createSessionTokenStore, tokenOrigin } from '../core/secrets/token-store';
import { environmentOverrides } from '../core/environment-overrides';
import { devServerUrl, startPageUrl, trustedOrigin } from '../core/navigation-policy';
import { windowWebPreferences } from '../core/window-options';
import { electronDesktopShell } from './desktop-shell';
import { emitTo, wireIpc } from './ipc-wiring';
import { handleProtocols, registerSchemes } from './protocols';
import { hardenApp } from './security';
import { openTokenStore } from './token-store-adapter';

// `npm run demo` and the Electron e2e spec point the app at the fake server with its own data;
// a packaged app ignores the environment (see environment-overrides.ts).
const overrides = environmentOverrides(process.env, app.isPackaged);
if (overrides.dataDir) app.setPath('userData', overrides.dataDir);
const demo = overrides.demo ?? null;
// The page being developed (`npm run dev`); a packaged app always serves its own (navigation-policy.ts).
const devServer = devServerUrl(process.env, app.isPackaged);

app.enableSandbox();
registerSchemes();

const here = dirname(fileURLToPath(import.meta.url));
let window: BrowserWindow | null = null;
let core: Core | null = null;
const getWindow = (): BrowserWindow | null => window;

// One instance per data folder: a second would resume the same queue and could create twice.
// A second launch focuses the first window instead.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();
app.on('second-instance', () => {
  const win = window;
  if (win === null) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Redraw',
    // The window icon on Linux and Windows (macOS takes it from the app bundle).
    icon: join(here, '../../resources/icon.png'),
    backgroundColor: '#16171b',
    show: false,
    webPreferences: windowWebPreferences(join(here, '../preload/index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    window = null;
  });
  void win.loadURL(startPageUrl(devServer));
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenApp(devServer);
  const userData = app.getPath('userData');
  const tokenStore = demo
    ? createSessionTokenStore('Demo mode: a throwaway token for the local fake server, kept for this session only.')
    : await openTokenStore(userData);
  if (demo) await tokenStore.set(tokenOrigin(demo.apiBaseUrl), demo.token);
  core = await createCore({
    dataDir: userData,
    tokenStore,
    desktop: electronDesktopShell(getWindow),
    emit: emitTo(getWindow),
    mediaBaseUrl: 'redraw-media://media',
    appVersion: app.getVersion(),
    ...(demo ? { defaultSettings: { apiBaseUrl: demo.apiBaseUrl } } : {}),
  });
  handleProtocols(core, join(here, '../renderer'));
  wireIpc(core.dispatch, getWindow, trustedOrigin(devServer));
  window = createWindow();
  core.start();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  // Let every job write its state before the process ends.
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

// The second instance only hands over to the first (its 'second-instance' event) and quits.
if (primary) start().catch((error: unknown) => {
  // Without a core there is nothing to show: say why and quit rather than hang windowless.
  dialog.showErrorBox('Redraw could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
