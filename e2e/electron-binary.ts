import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron binary, or why there is none. Looked up the way the `electron` package does,
 * without calling it: its getter downloads a missing binary, and these machines have no
 * route to the download. ELECTRON_OVERRIDE_DIST_PATH points at a local build instead.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, relative) : join(packageDir, 'dist', relative);
  if (existsSync(path)) return { path };
  return {
    missing: override
      ? `no Electron binary at ${path} (ELECTRON_OVERRIDE_DIST_PATH)`
      : 'the Electron binary is not downloaded on this machine (set ELECTRON_OVERRIDE_DIST_PATH to a local build)',
  };
}
