import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobSchema, type Job } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { sampleJob as makeSampleJob } from '../../../../test-support/sample-job';
import { createLibrary } from './library-store';

const clock = { now: () => Date.now() };
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-lib-'));
  dirs.push(dir);
  return dir;
}

function sampleJob(id: string, prompt = 'a prompt'): Job {
  return makeSampleJob(id, { params: { ...DEFAULT_PARAMS, prompt } });
}

describe('the library on disk', () => {
  it('lists jobs newest first and reopens them from disk', async () => {
    const dir = await tempDir();
    const library = await createLibrary(dir, clock);
    const ids = ['00000000a-aaaaaaaaaa', '00000000c-cccccccccc', '00000000b-bbbbbbbbbb'];
    for (const id of ids) {
      await library.createJobFolder(id);
      await library.saveJob(sampleJob(id));
    }
    const reopened = await createLibrary(dir, clock);
    expect(reopened.listJobs().map((j) => j.id)).toEqual(['00000000c-cccccccccc', '00000000b-bbbbbbbbbb', '00000000a-aaaaaaaaaa']);
  });

  it('keeps the last of many quick saves of one job', async () => {
    const dir = await tempDir();
    const library = await createLibrary(dir, clock);
    const id = '00000000a-aaaaaaaaaa';
    await library.createJobFolder(id);
    await Promise.all(Array.from({ length: 30 }, (_, i) => library.saveJob(sampleJob(id, `prompt ${i}`))));
    const onDisk = jobSchema.parse(JSON.parse(await readFile(join(dir, 'library/jobs', id, 'job.json'), 'utf8')));
    expect(onDisk.params.prompt).toBe('prompt 29');
  });

  it('a process killed mid-write never leaves a damaged record, and leftovers are swept', async () => {
    const dir = await tempDir();
    const id = '00000000a-aaaaaaaaaa';
    const library = await createLibrary(dir, clock);
    await library.createJobFolder(id);
    await library.saveJob({ ...sampleJob(id), logs: 'x'.repeat(200_000) });
    // A child rewrites the record as fast as it can; we kill it at a random moment.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(process.cwd(), 'src/main/core/fs/atomic-write.ts'))};
      const job = JSON.parse(process.env.JOB);
      let i = 0;
      process.stdout.write('ready\\n');
      for (;;) { job.logs = String(i++).repeat(100_000); await writeFileAtomic(process.env.TARGET, JSON.stringify(job)); }
    `;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, JOB: JSON.stringify(sampleJob(id)), TARGET: join(dir, 'library/jobs', id, 'job.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 70));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const text = await readFile(join(dir, 'library/jobs', id, 'job.json'), 'utf8');
      expect(jobSchema.safeParse(JSON.parse(text)).success).toBe(true);
    }
    // A temp file as a kill leaves it (planted, so the sweep is tested whatever the timing was).
    await writeFile(join(dir, 'library/jobs', id, '.job.json.tmp-0123456789ab'), '{"half":');
    const reopened = await createLibrary(dir, clock);
    expect(reopened.listJobs()).toHaveLength(1);
    expect((await readdir(join(dir, 'library/jobs', id))).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('removes a job folder left without a record and finishes an interrupted delete', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'library/jobs/00000000a-aaaaaaaaaa'), { recursive: true });
    await mkdir(join(dir, 'library/jobs/.trash-00000000b-bbbbbbbbbb'), { recursive: true });
    const library = await createLibrary(dir, clock);
    expect(library.listJobs()).toEqual([]);
    expect(await readdir(join(dir, 'library/jobs'))).toEqual([]);
  });

  it('serves only library images: no traversal, no symlinks, no records', async () => {
    const dir = await tempDir();
    const library = await createLibrary(dir, clock);
    const id = '00000000a-aaaaaaaaaa';
    await library.createJobFolder(id);
    await library.saveJob(sampleJob(id));
    await library.writeJobFile(id, 'output-1.png', Buffer.from('png'));
    const outside = join(await tempDir(), 'secret.png');
    await writeFile(outside, 'secret');
    await symlink(outside, join(dir, 'library/jobs', id, 'output-2.png'));

    // A job folder that is a link to the data folder must not expose its settings or tokens.
    await writeFile(join(dir, 'settings.json'), '{}');
    await symlink(dir, join(dir, 'library/jobs/00000000z-zzzzzzzzzz'));

    expect(await library.resolveMediaPath(`jobs/${id}/output-1.png`)).toBe(join(dir, 'library/jobs', id, 'output-1.png'));
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
    ]) {
      expect(await library.resolveMediaPath(bad), bad).toBeNull();
    }
  });
});
