import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Electron binary, or why there is none. The npm package resolves to the binary's path;
 * it throws when the binary was never downloaded (these CI machines cannot download it).
 * ELECTRON_OVERRIDE_DIST_PATH points the package at a local build instead.
 */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = require('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the Electron binary is not installed at ${String(path)}` };
  } catch (error) {
    return { missing: `the Electron binary is not installed (${(error as Error).message.split('\n')[0]}); set ELECTRON_OVERRIDE_DIST_PATH to a local build` };
  }
}
