import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/shared/content-security-policy';

/**
 * The built page carries the app's CSP as a meta tag too (the app and the test harness also
 * send it as a header). Only in builds: the dev server needs inline scripts and a websocket.
 */
function contentSecurityPolicyMeta(): Plugin {
  // frame-ancestors only works as a header; in a meta tag browsers ignore it with a warning.
  const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'redraw-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      // keytar and sharp are native: they stay in node_modules and load at run time.
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/electron/main.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): everything else is bundled,
      // and it must be one CommonJS file (a "type": "module" package would get .mjs).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      // A third of the size to parse at every start: the window shows its History sooner.
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
