/**
 * The main window's web preferences, as a plain function so the security checklist is tested in
 * Node (the Electron layer cannot run here): an isolated, sandboxed page without Node, with web
 * security on, and no spellchecker (Chromium's downloads its dictionaries from a Google CDN: the
 * page must make no network requests of its own).
 */
export function windowWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}
