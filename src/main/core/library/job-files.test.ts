import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobSchema } from '../../../shared/job';
import { sampleJob } from '../../../../test-support/sample-job';
import { openJobFiles } from './job-files';

const clock = { now: () => Date.now() };
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-files-'));
  dirs.push(dir);
  return dir;
}

describe('the library files on disk', () => {
  it('a process killed mid-write never leaves a damaged file, and its temp files are swept on open', async () => {
    const dir = await tempDir();
    const id = '00000000a-aaaaaaaaaa';
    const files = await openJobFiles(dir, clock);
    await files.createJobFolder(id);
    await files.writeRecordCopy({ ...sampleJob(id), logs: 'x'.repeat(200_000) });
    // A child rewrites the record copy as fast as it can, temp files in library/tmp as the app
    // does; it is killed at a random moment.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(process.cwd(), 'src/main/core/fs/atomic-write.ts'))};
      const job = JSON.parse(process.env.JOB);
      let i = 0;
      process.stdout.write('ready\\n');
      for (;;) { job.logs = String(i++).repeat(100_000); await writeFileAtomic(process.env.TARGET, JSON.stringify(job), { tempDir: process.env.TEMP_DIR }); }
    `;
    const target = join(dir, 'library/jobs', id, 'job.json');
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, JOB: JSON.stringify(sampleJob(id)), TARGET: target, TEMP_DIR: join(dir, 'library/tmp') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      // Killed once it has written at least one new version (the file's content changed).
      const before = await readFile(target, 'utf8');
      await expect.poll(() => readFile(target, 'utf8'), { timeout: 10_000, interval: 5 }).not.toBe(before);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(jobSchema.safeParse(JSON.parse(await readFile(target, 'utf8'))).success).toBe(true);
    }
    // A temp file as a kill leaves it (planted, so the sweep is tested whatever the timing was).
    await writeFile(join(dir, 'library/tmp/.job.json.tmp-0123456789ab'), '{"half":');
    await openJobFiles(dir, clock);
    expect(await readdir(join(dir, 'library/tmp'))).toEqual([]);
    expect((await readdir(join(dir, 'library/jobs', id))).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('finishes an interrupted delete, and never deletes a job folder, with or without a record', async () => {
    const dir = await tempDir();
    const orphan = join(dir, 'library/jobs/00000000a-aaaaaaaaaa');
    await mkdir(orphan, { recursive: true });
    await writeFile(join(orphan, 'output-1.png'), 'the artist’s image');
    await mkdir(join(dir, 'library/trash/00000000b-bbbbbbbbbb'), { recursive: true });
    const files = await openJobFiles(dir, clock);
    expect(await readdir(join(dir, 'library/trash'))).toEqual([]);
    expect(await readFile(join(orphan, 'output-1.png'), 'utf8')).toBe('the artist’s image');
    expect(await files.listJobFolders()).toEqual(['00000000a-aaaaaaaaaa']);
  });

  it('serves only library images: no traversal, no symlinks, no records', async () => {
    const dir = await tempDir();
    const files = await openJobFiles(dir, clock);
    const id = '00000000a-aaaaaaaaaa';
    await files.createJobFolder(id);
    await files.writeRecordCopy(sampleJob(id));
    await files.writeJobFile(id, 'output-1.png', Buffer.from('png'));
    const outside = join(await tempDir(), 'secret.png');
    await writeFile(outside, 'secret');
    await symlink(outside, join(dir, 'library/jobs', id, 'output-2.png'));

    // A job folder that is a link to the data folder must not expose its settings or tokens.
    await writeFile(join(dir, 'settings.json'), '{}');
    await symlink(dir, join(dir, 'library/jobs/00000000z-zzzzzzzzzz'));

    expect((await files.readMediaFile(`jobs/${id}/output-1.png`))?.equals(await readFile(join(dir, 'library/jobs', id, 'output-1.png')))).toBe(true);
    for (const bad of [
      `jobs/${id}/output-2.png`,
      `jobs/${id}/job.json`,
      `jobs/${id}/../../../settings.json`,
      `jobs/../${id}/output-1.png`,
      '../settings.json',
      '/etc/passwd',
      `jobs/${id}/%2e%2e/x`,
      'drafts/../../token.enc',
      'drafts/../settings.json',
      'jobs/00000000z-zzzzzzzzzz/settings.json',
      'library/catalog.sqlite',
    ]) {
      expect(await files.readMediaFile(bad), bad).toBeNull();
    }
  });
});
