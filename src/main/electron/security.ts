import { app, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { mayAttachWebview, mayNavigate, mayOpenWindow, trustedOrigin } from '../core/navigation-policy';
import { mayGrantPermission } from '../core/permission-policy';

/**
 * Electron's security checklist, applied to every web contents the app ever makes. The
 * decisions (navigation, new windows, webviews, permissions) are the tested functions in
 * src/main/core; this only hands Electron's events to them. `devServer` is the page being
 * developed (`devServerUrl`), null in every build that serves its own.
 */
export function hardenApp(devServer: string | null): void {
  const origin = trustedOrigin(devServer);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url, origin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url, origin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event, _preferences, params) => {
      if (!mayAttachWebview(params.src)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => ({ action: mayOpenWindow(url) ? 'allow' : 'deny' }));
  });
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(mayGrantPermission(permission, details.requestingUrl, origin)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => mayGrantPermission(permission, requestingOrigin, origin));
  ses.setDevicePermissionHandler((details) => mayGrantPermission(details.deviceType, details.origin, origin));
  // The dev server (npm run dev) needs inline scripts and a websocket; every build gets the CSP.
  if (devServer !== null) return;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
