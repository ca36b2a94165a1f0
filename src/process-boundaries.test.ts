import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The folder says which process code runs in; these rules keep each file where it can run. */
const root = join(import.meta.dirname, '..');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
  }
  return out;
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('process boundaries', () => {
  it('the core never imports electron', async () => {
    for (const file of await sources(join(root, 'src/main/core'))) {
      for (const spec of await importsOf(file)) {
        expect(spec === 'electron' || spec.startsWith('electron/'), `${relative(root, file)} imports ${spec}`).toBe(false);
      }
    }
  });

  it('the renderer imports neither electron nor Node built-ins, nor main-process code', async () => {
    for (const file of await sources(join(root, 'src/renderer'))) {
      for (const spec of await importsOf(file)) {
        const where = `${relative(root, file)} imports ${spec}`;
        expect(spec === 'electron' || spec.startsWith('electron/') || nodeBuiltins.has(spec), where).toBe(false);
        expect(/\/main\/|\/preload\//.test(spec), where).toBe(false);
      }
    }
  });

  it('product code never imports test code (fixtures, the fake server)', async () => {
    const product = (await sources(join(root, 'src'))).filter((file) => !/\.test\.tsx?$/.test(file));
    for (const file of product) {
      for (const spec of await importsOf(file)) {
        expect(/(^|\/)(test-support|fake-server)\//.test(spec), `${relative(root, file)} imports ${spec}`).toBe(false);
      }
    }
  });

  it('shared code imports only zod and other shared code', async () => {
    for (const file of await sources(join(root, 'src/shared'))) {
      for (const spec of await importsOf(file)) {
        expect(spec === 'zod' || spec.startsWith('./'), `${relative(root, file)} imports ${spec}`).toBe(true);
      }
    }
  });
});
