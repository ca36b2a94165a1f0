/**
 * Which pages are Redraw's own, and where a page may go. Plain functions over URL strings so the
 * Electron layer (security.ts, ipc-wiring.ts, main.ts) and the browser harness decide the same
 * way, and the decisions are tested in Node where Electron cannot run.
 */

/** The app protocol's origin: the built renderer is served from `redraw://app` (protocols.ts). */
export const APP_ORIGIN = 'redraw://app';

/**
 * The dev server's URL (`npm run dev` sets ELECTRON_RENDERER_URL), or null. A packaged app
 * ignores it: nothing in an artist's environment may point the window, and the IPC trust that
 * comes with it, at another page.
 */
export function devServerUrl(env: Readonly<Record<string, string | undefined>>, packaged: boolean): string | null {
  const url = env.ELECTRON_RENDERER_URL;
  return url && !packaged ? url : null;
}

/** The origin our own pages come from: the dev server while developing, otherwise the app protocol. */
export function trustedOrigin(devServer: string | null): string {
  if (devServer === null) return APP_ORIGIN;
  const origin = originOf(devServer);
  if (origin === null) throw new Error(`ELECTRON_RENDERER_URL is not an http(s) URL: ${devServer}`);
  return origin;
}

/** The first page the window loads. */
export function startPageUrl(devServer: string | null): string {
  return devServer ?? `${APP_ORIGIN}/index.html`;
}

/**
 * A URL's origin as Chromium sees it, or null for an opaque one (about:, data:, javascript:,
 * file:, devtools:, blob: ...). Node's URL treats `redraw:` as a non-special scheme with an
 * opaque origin; in the app it is registered as a standard scheme, so it gets a real one.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'redraw:') return parsed.host === '' ? null : `redraw://${parsed.host}`;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin;
}

/** Whether a URL is one of our own pages (same origin as `trusted`). Missing or malformed: no. */
export function isTrustedUrl(url: string | null | undefined, trusted: string): boolean {
  if (!url) return false;
  const origin = originOf(url);
  return origin !== null && origin === trusted;
}

/**
 * Whether a page may navigate (or be redirected) to `url`: only within our own origin. The app
 * is one page; a link or a script taking the window elsewhere would hand that page our IPC.
 */
export function mayNavigate(url: string, trusted: string): boolean {
  return isTrustedUrl(url, trusted);
}

/**
 * Whether a page may open a new window: never, not even one of our own pages. Redraw has one
 * window, and a new one would get Electron's default web preferences rather than ours.
 */
export function mayOpenWindow(_url: string): boolean {
  return false;
}

/**
 * Whether a page may attach a <webview>: never. The window disables the tag already
 * (window-options.ts); this refuses it again should a page get one anyway.
 */
export function mayAttachWebview(_src: string | undefined): boolean {
  return false;
}
