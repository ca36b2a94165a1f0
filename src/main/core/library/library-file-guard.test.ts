import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLibraryFile, LibraryFileRefused, readLibraryFile } from './library-file-guard';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'redraw-guard-')));
  dirs.push(dir);
  return dir;
}

async function refusedFor(root: string, segments: string[]): Promise<LibraryFileRefused> {
  const error = await readLibraryFile(root, segments).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LibraryFileRefused);
  return error as LibraryFileRefused;
}

describe('the library file guard', () => {
  it('reads a regular file in a real folder, and refuses links, pipes, folders, missing files and odd names', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await writeFile(join(outside, 'passwd'), 'root:x:0:0');
    await mkdir(join(root, 'job'));
    await writeFile(join(root, 'job', 'output-1.png'), 'pixels');
    await symlink(join(outside, 'passwd'), join(root, 'job', 'output-2.png'));
    await symlink(outside, join(root, 'linked-job'));
    await mkdir(join(root, 'job', 'folder.png'));
    execFileSync('mkfifo', [join(root, 'job', 'pipe.png')]);

    expect((await readLibraryFile(root, ['job', 'output-1.png'])).toString()).toBe('pixels');
    expect(await checkLibraryFile(root, ['job', 'output-1.png'])).toBe(join(root, 'job', 'output-1.png'));

    const link = await refusedFor(root, ['job', 'output-2.png']);
    expect(link.reason).toBe('link');
    expect(link.code).toBe('invalid-file');
    expect(link.message).toBe('output-2.png in the library is a link to a file elsewhere; Redraw only reads files stored in the library itself.');
    expect((await refusedFor(root, ['linked-job', 'passwd'])).reason).toBe('link');
    expect((await refusedFor(root, ['job', 'pipe.png'])).reason).toBe('special');
    expect((await refusedFor(root, ['job', 'folder.png'])).reason).toBe('special');
    const missing = await refusedFor(root, ['job', 'output-9.png']);
    expect([missing.reason, missing.code, missing.message]).toEqual(['missing', 'not-found', 'output-9.png is missing from the library.']);
    for (const bad of [['..', 'passwd'], ['job', '..'], ['job/../job', 'output-1.png'], []]) {
      expect((await refusedFor(root, bad)).reason, bad.join('|')).toBe('bad-name');
    }
  });
});
