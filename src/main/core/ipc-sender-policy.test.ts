import { describe, expect, it } from 'vitest';
import { mayCallIpc, type IpcSender } from './ipc-sender-policy';
import { APP_ORIGIN } from './navigation-policy';

const ours: IpcSender = { fromAppWindow: true, isMainFrame: true, frameUrl: 'redraw://app/index.html' };

describe('who may call the core over IPC', () => {
  it('our page, in the main frame of our window', () => {
    expect(mayCallIpc(ours, APP_ORIGIN)).toBe(true);
    expect(mayCallIpc({ ...ours, frameUrl: 'redraw://app/index.html#/history' }, APP_ORIGIN)).toBe(true);
  });

  it('not an iframe, even one of our own pages', () => {
    expect(mayCallIpc({ ...ours, isMainFrame: false }, APP_ORIGIN)).toBe(false);
  });

  it('not a page of another origin, even in our main frame', () => {
    for (const frameUrl of [
      'https://replicate.com/',
      'http://127.0.0.1:5173/index.html',
      'file:///home/artist/page.html',
      'redraw-media://media/jobs/1/output.png',
      'redraw://other/index.html',
      'data:text/html,hi',
    ]) {
      expect(mayCallIpc({ ...ours, frameUrl }, APP_ORIGIN), frameUrl).toBe(false);
    }
  });

  it('not about:blank or devtools, nor a frame that is gone', () => {
    expect(mayCallIpc({ ...ours, frameUrl: 'about:blank' }, APP_ORIGIN)).toBe(false);
    expect(mayCallIpc({ ...ours, frameUrl: 'devtools://devtools/bundled/devtools_app.html' }, APP_ORIGIN)).toBe(false);
    expect(mayCallIpc({ fromAppWindow: false, isMainFrame: true, frameUrl: 'devtools://devtools/bundled/devtools_app.html' }, APP_ORIGIN)).toBe(false);
    expect(mayCallIpc({ ...ours, frameUrl: null }, APP_ORIGIN)).toBe(false);
  });

  it('not another window, even showing our page', () => {
    expect(mayCallIpc({ ...ours, fromAppWindow: false }, APP_ORIGIN)).toBe(false);
  });

  it('the dev server page only while the dev server is the trusted origin', () => {
    const dev: IpcSender = { ...ours, frameUrl: 'http://localhost:5173/' };
    expect(mayCallIpc(dev, 'http://localhost:5173')).toBe(true);
    expect(mayCallIpc(dev, APP_ORIGIN)).toBe(false);
  });
});
