import { describe, expect, it } from 'vitest';
import { windowWebPreferences } from './window-options';

describe('the main window’s web preferences', () => {
  it('follow Electron’s security checklist and make no network requests of their own', () => {
    expect(windowWebPreferences('/app/preload/index.cjs')).toEqual({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // The spellchecker downloads dictionaries from a CDN.
      spellcheck: false,
    });
  });
});
