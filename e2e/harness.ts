import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHANNELS, EVENTS, type EventName, type EventPayload } from '../src/shared/ipc-contract';
import { createCore } from '../src/main/core/create-core';
import { createSessionTokenStore, tokenOrigin } from '../src/main/core/secrets/token-store';
import { mayCallIpc, REFUSED_SENDER } from '../src/main/core/ipc-sender-policy';
import { serveRenderer } from './static-server';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = join(projectRoot, 'out', 'renderer');

export type LaunchOptions = {
  apiBaseUrl: string;
  apiToken?: string;
  dataDir?: string;
  /** What the "choose a file" dialog answers (the OS dialog cannot run in a browser). */
  pickImagePath?: string;
  /** Several files picked at once (the dialog allows it). */
  pickImagePaths?: string[];
  /** Where "Save as…" writes (the save dialog's answer is `<saveDir>/<suggested name>`). */
  saveDir?: string;
  /** What the folder dialog (Export…) answers: a folder (made if missing), or null for a cancel. Default `<dataDir>-exports`. */
  pickFolderPath?: string | null;
  headless?: boolean;
  /** The window's size; 1360x900 unless a test or a screenshot needs another. */
  viewport?: { width: number; height: number };
  /** Page script run before the app's own (benchmarks use it to watch the first paint). */
  initScript?: string;
  /** Another page to serve instead of the built renderer (a benchmark's bare baseline page). */
  rendererDir?: string;
};

export type LaunchedApp = {
  page: Page;
  dataDir: string;
  /** Folders "Show in folder" was asked to reveal. */
  shownInFolder: string[];
  /** PNGs "Copy image" put on the clipboard. */
  copiedImages: Buffer[];
  /** Drags out of the window main was asked to start (the file, and the icon under the pointer). */
  dragStarts: { path: string; iconPng: Buffer }[];
  /** How long createCore took: opening the catalog, as main does before the window loads. */
  coreOpenMs: number;
  close(): Promise<void>;
};

export const CHROMIUM_PATH = process.env.REDRAW_CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureRendererBuilt(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  execFileSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}

/**
 * Runs the built renderer in Debian's Chromium with the real core behind it. A test bridge
 * stands in for preload + ipcMain: the page gets the same `window.redraw` shape, each call goes
 * through the core's contract dispatch (input and output parsed), and events come back in
 * order. Only the transport differs: Playwright bindings instead of Electron IPC.
 */
export async function launchApp(opts: LaunchOptions): Promise<LaunchedApp> {
  if (opts.rendererDir === undefined) ensureRendererBuilt();
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'redraw-e2e-')));
  const saveDir = opts.saveDir ?? join(dataDir, '..', `${dataDir.split('/').pop() ?? 'redraw'}-saved`);
  const shownInFolder: string[] = [];
  const copiedImages: Buffer[] = [];
  const dragStarts: LaunchedApp['dragStarts'] = [];
  const pickFolderPath = opts.pickFolderPath === undefined ? `${dataDir}-exports` : opts.pickFolderPath;
  const tokenStore = createSessionTokenStore('Browser harness: the token is kept for this session only.');
  if (opts.apiToken) await tokenStore.set(tokenOrigin(opts.apiBaseUrl), opts.apiToken);

  let page: Page | null = null;
  let delivery = Promise.resolve();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    // Chained so events reach the page in the order they happened.
    delivery = delivery.then(async () => {
      if (!page || page.isClosed()) return;
      await page
        .evaluate(`window.__redrawDeliver(${JSON.stringify(event)}, ${JSON.stringify(payload)})`)
        .catch(() => undefined);
    });
  };

  let mediaBaseUrl = '';
  const coreStarted = performance.now();
  const core = await createCore({
    dataDir,
    tokenStore,
    emit,
    get mediaBaseUrl() {
      return mediaBaseUrl;
    },
    appVersion: 'e2e',
    defaultSettings: { apiBaseUrl: opts.apiBaseUrl },
    desktop: {
      pickImageFiles: async () => opts.pickImagePaths ?? (opts.pickImagePath ? [opts.pickImagePath] : []),
      pickSavePath: async (name) => {
        const { mkdir } = await import('node:fs/promises');
        await mkdir(saveDir, { recursive: true });
        return join(saveDir, name);
      },
      showInFolder: async (path) => {
        shownInFolder.push(path);
      },
      copyImage: async (png) => {
        copiedImages.push(png);
      },
      pickFolder: async () => {
        if (pickFolderPath === null) return null;
        const { mkdir } = await import('node:fs/promises');
        await mkdir(pickFolderPath, { recursive: true });
        return pickFolderPath;
      },
      startDrag: async (path, iconPng) => {
        dragStarts.push({ path, iconPng });
      },
    },
  });
  const coreOpenMs = performance.now() - coreStarted;
  const { origin, server } = await serveRenderer(opts.rendererDir ?? rendererDir, (p) => core.readMedia(p));
  mediaBaseUrl = `${origin}/media`;

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: opts.headless ?? true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1360, height: 900 } });
  page = await context.newPage();
  const thePage = page;

  await thePage.exposeBinding('__redrawInvoke', async (source, channel: unknown, input: unknown) => {
    // The real app's sender check (ipc-sender-policy.ts), with the static server as our origin.
    const sender = { fromAppWindow: source.page === thePage, isMainFrame: source.frame === thePage.mainFrame(), frameUrl: source.frame.url() };
    if (!mayCallIpc(sender, origin)) return JSON.stringify(REFUSED_SENDER);
    // As JSON text: Playwright's own value serialisation costs ~100 ms for a page of History,
    // where Electron's structured clone costs about a millisecond; JSON is close to the latter.
    return JSON.stringify(await core.dispatch(String(channel), decodeBytes(input)));
  });
  await thePage.addInitScript({ content: bridgeScript([...CHANNELS], [...EVENTS]) });
  if (opts.initScript) await thePage.addInitScript({ content: opts.initScript });
  core.start();
  await thePage.goto(`${origin}/index.html`);

  return {
    page: thePage,
    dataDir,
    shownInFolder,
    copiedImages,
    dragStarts,
    coreOpenMs,
    async close() {
      await browser.close().catch(() => undefined);
      await core.close();
      await delivery;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The page side of the test bridge, as source text: a function handed to addInitScript would be
 * serialised from whatever the caller's TypeScript loader emitted (tsx adds helpers such as
 * `__name` that do not exist in the page), so the script is written out plainly instead.
 */
function bridgeScript(channels: string[], events: string[]): string {
  return `(() => {
  const allowedChannels = new Set(${JSON.stringify(channels)});
  const allowedEvents = new Set(${JSON.stringify(events)});
  const listeners = new Map();
  // Playwright bindings carry JSON only, so bytes travel as base64 (Electron IPC clones them).
  const encode = (value) => {
    if (value instanceof Uint8Array) {
      let binary = '';
      for (let i = 0; i < value.length; i += 0x8000) binary += String.fromCharCode(...value.subarray(i, i + 0x8000));
      return { __bytes: btoa(binary) };
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
    }
    return value;
  };
  const invokeBinding = window.__redrawInvoke;
  window.__redrawDeliver = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  window.redraw = Object.freeze({
    invoke: (channel, input) =>
      allowedChannels.has(channel)
        ? invokeBinding(channel, encode(input)).then((text) => JSON.parse(text))
        : Promise.reject(new Error('Unknown channel: ' + channel)),
    on: (event, listener) => {
      if (!allowedEvents.has(event)) throw new Error('Unknown event: ' + event);
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  });
})();`;
}

function decodeBytes(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.__bytes === 'string' && Object.keys(record).length === 1) {
      return new Uint8Array(Buffer.from(record.__bytes, 'base64'));
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeBytes(v)]));
  }
  return value;
}
