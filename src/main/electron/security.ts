import { app, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';


/** The origin our own pages are served from: the app protocol, or the dev server while developing. */
export function trustedOrigin(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev && !app.isPackaged ? new URL(dev).origin : 'redraw://app';
}

export function isTrustedUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    const origin = parsed.protocol === 'redraw:' ? `redraw://${parsed.host}` : parsed.origin;
    return origin === trustedOrigin();
  } catch {
    return false;
  }
}

/**
 * Electron's security checklist, applied to every web contents the app ever makes:
 * no navigation away, no new windows, no webviews, no permissions.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // The dev server (npm run dev) needs inline scripts and a websocket; every build gets the CSP.
  if (process.env.ELECTRON_RENDERER_URL && !app.isPackaged) return;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
