import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  devServerUrl,
  isTrustedUrl,
  mayAttachWebview,
  mayNavigate,
  mayOpenWindow,
  originOf,
  startPageUrl,
  trustedOrigin,
} from './navigation-policy';

const DEV = 'http://localhost:5173/';

describe('which pages are ours', () => {
  it('is the app protocol in a packaged app, whatever the environment says', () => {
    const env = { ELECTRON_RENDERER_URL: DEV };
    expect(devServerUrl(env, true)).toBeNull();
    expect(trustedOrigin(devServerUrl(env, true))).toBe('redraw://app');
    expect(startPageUrl(devServerUrl(env, true))).toBe('redraw://app/index.html');
  });

  it('is the dev server only in an unpackaged build that was given one', () => {
    expect(trustedOrigin(devServerUrl({ ELECTRON_RENDERER_URL: DEV }, false))).toBe('http://localhost:5173');
    expect(startPageUrl(devServerUrl({ ELECTRON_RENDERER_URL: DEV }, false))).toBe(DEV);
    expect(trustedOrigin(devServerUrl({}, false))).toBe(APP_ORIGIN);
    expect(trustedOrigin(devServerUrl({ ELECTRON_RENDERER_URL: '' }, false))).toBe(APP_ORIGIN);
  });

  it('refuses a dev server URL that has no origin rather than trusting "null"', () => {
    expect(() => trustedOrigin('file:///tmp/index.html')).toThrow(/not an http/);
  });

  it('gives the app protocol a real origin and every opaque URL none', () => {
    expect(originOf('redraw://app/index.html?x#y')).toBe('redraw://app');
    expect(originOf('redraw://elsewhere/index.html')).toBe('redraw://elsewhere');
    for (const url of ['about:blank', 'data:text/html,hi', 'javascript:alert(1)', 'file:///etc/passwd', 'devtools://devtools/bundled/inspector.html', 'blob:redraw://app/1234', 'redraw-media://media/a.png', 'not a url', 'redraw:app']) {
      expect(originOf(url), url).toBeNull();
    }
  });
});

describe('navigation', () => {
  it('stays within the app', () => {
    expect(mayNavigate('redraw://app/index.html', APP_ORIGIN)).toBe(true);
    expect(mayNavigate('redraw://app/', APP_ORIGIN)).toBe(true);
  });

  it('never leaves for files, other sites, scripts, data or the media protocol', () => {
    for (const url of [
      'file:///home/artist/sketch.png',
      'https://replicate.com/',
      'http://127.0.0.1:8080/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'redraw-media://media/jobs/1/output.png',
      'redraw://other/index.html',
      'redraw://app.evil.example/',
      '',
    ]) {
      expect(mayNavigate(url, APP_ORIGIN), url).toBe(false);
    }
  });

  it('allows the dev server only while it is the trusted origin', () => {
    const devOrigin = trustedOrigin(devServerUrl({ ELECTRON_RENDERER_URL: DEV }, false));
    expect(mayNavigate('http://localhost:5173/index.html', devOrigin)).toBe(true);
    expect(mayNavigate('http://localhost:5174/index.html', devOrigin)).toBe(false);
    expect(mayNavigate('https://localhost:5173/index.html', devOrigin)).toBe(false);
    // Packaged: the same dev URL is just another site.
    const packagedOrigin = trustedOrigin(devServerUrl({ ELECTRON_RENDERER_URL: DEV }, true));
    expect(mayNavigate('http://localhost:5173/index.html', packagedOrigin)).toBe(false);
  });

  it('treats a missing URL as untrusted', () => {
    expect(isTrustedUrl(undefined, APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl(null, APP_ORIGIN)).toBe(false);
  });
});

describe('new windows and webviews', () => {
  it('are refused, even for our own pages', () => {
    for (const url of ['redraw://app/index.html', 'https://replicate.com/account', 'about:blank', '']) {
      expect(mayOpenWindow(url), url).toBe(false);
    }
    expect(mayAttachWebview('redraw://app/index.html')).toBe(false);
    expect(mayAttachWebview('https://replicate.com/')).toBe(false);
    expect(mayAttachWebview(undefined)).toBe(false);
  });
});
