import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../electron-builder.config';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

// electron-builder's own validator and schema, from the installed version (resolved the way
// electron-builder resolves them), so an option it does not know fails here, not at release time.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add: (key: string, value: unknown) => void }) => Promise<void>;
};
const schema = fromBuilder('app-builder-lib/scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
const quietLogger = { isEnabled: false, add: () => undefined };

function patterns(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new Error('expected a list of glob patterns');
  }
  return value;
}

/** electron-builder's rule for `files`: matched by an including pattern and by no `!` pattern. */
function packaged(path: string): boolean {
  const all = patterns(config.files);
  const include = all.filter((p) => !p.startsWith('!'));
  const exclude = all.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return include.some((p) => matchesGlob(path, p)) && !exclude.some((p) => matchesGlob(path, p));
}

function unpacked(path: string): boolean {
  return patterns(config.asarUnpack).some((p) => matchesGlob(path, p));
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(projectRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

describe('the packaging config', () => {
  it('is valid for the installed electron-builder (and the check can fail)', async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFusez: {} }, quietLogger)).rejects.toThrow(/electronFusez/);
  });

  it('names the app and builds AppImage and deb, dmg, and an NSIS installer', () => {
    expect(config.appId).toBe('app.redraw.studio');
    expect(config.productName).toBe('Redraw');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    for (const platform of [config.linux, config.mac, config.win]) expect(platform?.icon).toBe('resources/icon.png');
  });

  it('flips every fuse the installed electron-builder knows, each to the hardened value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    // A fuse added by a newer electron-builder must be decided here, not left to its default
    // (resetAdHocDarwinSignature is a signing option, not a fuse).
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties).filter((name) => name !== 'resetAdHocDarwinSignature');
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(known.sort());
  });

  it('packs into an asar and rebuilds native modules for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('packs the built app, package.json and the icon, and package.json’s main is among them', () => {
    for (const path of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'package.json', 'resources/icon.png']) {
      expect(packaged(path), path).toBe(true);
    }
    expect(packaged(packageJson.main.replace(/^\.\//, ''))).toBe(true);
    expect(packaged('out/main/index.js.map')).toBe(false);
  });

  it('leaves out sources, tests, the fake server, benchmarks, scripts and project files', () => {
    const outside = ['src', 'e2e', 'fake-server', 'bench', 'scripts', 'test-support'].flatMap(filesUnder);
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.filter(packaged)).toEqual([]);
    for (const path of ['README.md', 'tsconfig.json', 'electron.vite.config.ts', 'electron-builder.config.ts', 'vitest.config.ts', 'playwright.config.ts', 'package-lock.json', '.ci/run', 'test-results/x.png', 'dist/Redraw.AppImage']) {
      expect(packaged(path), path).toBe(false);
    }
  });

  it('unpacks the native parts of sharp and keytar from the asar', () => {
    const natives = [...filesUnder('node_modules/@img'), ...filesUnder('node_modules/keytar/build/Release')].filter(
      (path) => path.endsWith('.node') || /\.(so|dylib|dll)(\.|$)/.test(path),
    );
    expect(natives.some((path) => path.endsWith('keytar.node'))).toBe(true);
    expect(natives.some((path) => /sharp-[\w-]+\.node$/.test(path))).toBe(true);
    expect(natives.some((path) => path.includes('libvips'))).toBe(true);
    expect(natives.filter((path) => !unpacked(path))).toEqual([]);
    // sharp's JavaScript resolves its platform package relative to itself: both sit outside.
    expect(unpacked('node_modules/sharp/lib/sharp.js')).toBe(true);
    expect(unpacked('node_modules/zod/index.js')).toBe(false);
  });

  it('has npm scripts that build first, then package with this config per platform', () => {
    for (const [script, flag] of [['dist', ''], ['dist:linux', '--linux'], ['dist:mac', '--mac'], ['dist:win', '--win']] as const) {
      const command = packageJson.scripts[script];
      expect(command, script).toMatch(/electron-vite build && electron-builder --config electron-builder\.config\.ts/);
      if (flag) expect(command, script).toContain(flag);
    }
  });
});
