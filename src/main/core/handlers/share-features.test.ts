import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../shared/ipc-contract';
import type { DraftInput, JobSummary } from '../../../shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../shared/model-input';
import { jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';
import { CSV_HEADER, exportManifestSchema } from '../exports/export-manifest';
import { exportFolderName, jobFolderName, partialFolderName } from '../exports/export-names';
import { DRAG_ICON_SIDE } from '../library/drag-icon';

let fixture: CoreFixture | null = null;
const madeDirs: string[] = [];
afterEach(async () => {
  await fixture?.close();
  fixture = null;
  for (const dir of madeDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const FAIL = 'make-it-fail';
/** A comma, a double quote and a line break: everything RFC 4180 must quote. */
const AWKWARD_PROMPT = 'castle, "at dusk"\nsecond line';
/** What a spreadsheet would run as a formula if the CSV let it. */
const FORMULA = '=HYPERLINK("http://example.com","x")';

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

async function generate(f: CoreFixture, draft: DraftInput, params: Partial<GenerationParams>): Promise<JobSummary> {
  const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...params } });
  return f.waitForJob(created.id, finished);
}

/** Three jobs: two outputs with an awkward prompt, one output with a formula for a negative prompt, and a failed one. */
async function threeJobs(folder: () => string | null): Promise<{ f: CoreFixture; two: JobSummary; one: JobSummary; failed: JobSummary }> {
  fixture = await startCoreFixture({ predictionMs: 40, failPrompt: FAIL }, { desktop: { pickFolder: async () => folder() } });
  const f = fixture;
  const draft = await f.call<DraftInput>('input:import', { name: 'harbour.png', bytes: new Uint8Array(await sketchPng(640, 480)) });
  const two = await generate(f, draft, { prompt: AWKWARD_PROMPT, numOutputs: 2 });
  const one = await generate(f, draft, { prompt: 'a quiet street', negativePrompt: FORMULA, seed: 42 });
  const failed = await generate(f, draft, { prompt: `please ${FAIL}` });
  expect([two.status, one.status, failed.status]).toEqual(['succeeded', 'succeeded', 'failed']);
  expect(two.outputs).toHaveLength(2);
  return { f, two, one, failed };
}

const libraryFile = (f: CoreFixture, jobId: string, file: string): string => join(f.dataDir, 'library', 'jobs', jobId, file);

/** RFC 4180, strictly: records end with CRLF, a bare line break outside quotes is an error. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\r' || c === '\n' || c === '"') throw new Error(`unquoted ${JSON.stringify(c)} at ${i}`);
    else field += c;
  }
  if (quoted || field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF');
  return rows;
}

describe('exporting jobs to a folder', () => {
  it('writes each job’s sketch and outputs byte for byte, and one manifest as JSON and as RFC 4180 CSV', async () => {
    const target = await tempDir('redraw-export-target-');
    const { f, two, one, failed } = await threeJobs(() => target);

    const result = await f.call<ExportResult>('jobs:export', { jobIds: [failed.id, two.id, one.id, two.id] });
    expect(result).toMatchObject({ jobs: 3, files: 3 + 2 + 1, skipped: [] });
    // One new folder, and nothing else (no temporary folder left beside it).
    expect(await readdir(target)).toEqual([expect.stringMatching(/^redraw-export-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\dZ$/)]);
    const savedTo = join(target, (await readdir(target))[0] ?? '');
    expect(result.savedTo).toBe(savedTo);

    // Job folders sort in the order the jobs were made, whatever order they were asked in.
    const folders = [two, one, failed].map((job) => jobFolderName(job));
    expect((await readdir(savedTo)).sort()).toEqual([...folders, 'manifest.csv', 'manifest.json'].sort());
    expect([...folders].sort()).toEqual(folders);
    expect((await readdir(join(savedTo, folders[0] ?? ''))).sort()).toEqual(['input.png', 'output-01.png', 'output-02.png']);
    expect(await readdir(join(savedTo, folders[2] ?? ''))).toEqual(['input.png']);
    for (const [index, output] of two.outputs.entries()) {
      const exported = await readFile(join(savedTo, folders[0] ?? '', `output-0${index + 1}.png`));
      expect(exported.equals(await readFile(libraryFile(f, two.id, output.file)))).toBe(true);
    }
    const sketch = await readFile(join(savedTo, folders[1] ?? '', 'input.png'));
    expect(sketch.equals(await readFile(libraryFile(f, one.id, one.input.file)))).toBe(true);

    const manifest = exportManifestSchema.parse(JSON.parse(await readFile(join(savedTo, 'manifest.json'), 'utf8')));
    expect(manifest.skipped).toEqual([]);
    expect(manifest.jobs.map((job) => job.id)).toEqual([two.id, one.id, failed.id]);
    const [first, second, third] = manifest.jobs;
    expect(first).toMatchObject({
      status: 'succeeded',
      created: two.timings.createdAt,
      prompt: AWKWARD_PROMPT,
      scheduler: two.params.scheduler,
      promptStrength: two.params.promptStrength,
      guidanceScale: two.params.guidanceScale,
      steps: two.params.steps,
      seed: null,
      seedUsed: two.seedUsed,
      modelVersion: two.modelVersion,
      predictionId: two.predictionId,
      batch: null,
      files: [`${folders[0]}/input.png`, `${folders[0]}/output-01.png`, `${folders[0]}/output-02.png`],
    });
    expect(first?.seedUsed).toEqual(expect.any(Number));
    expect(second).toMatchObject({ negativePrompt: FORMULA, seed: 42, seedUsed: 42, outputs: [{ number: 1, file: `${folders[1]}/output-01.png` }] });
    expect(third).toMatchObject({ status: 'failed', outputs: [], error: expect.stringContaining('CUDA out of memory'), files: [`${folders[2]}/input.png`] });
    // Every file the manifest lists is there, and nothing else.
    const onDisk = (await Promise.all(folders.map(async (folder) => (await readdir(join(savedTo, folder))).map((name) => `${folder}/${name}`)))).flat();
    expect(manifest.jobs.flatMap((job) => job.files).sort()).toEqual(onDisk.sort());

    const csvText = await readFile(join(savedTo, 'manifest.csv'), 'utf8');
    // The awkward prompt quoted, its quotes doubled, its line break kept inside the quotes.
    expect(csvText).toContain('"castle, ""at dusk""\nsecond line"');
    const [header, ...rows] = parseCsv(csvText);
    expect(header).toEqual([...CSV_HEADER]);
    const column = (row: string[] | undefined, name: (typeof CSV_HEADER)[number]): string | undefined => row?.[CSV_HEADER.indexOf(name)];
    // One row per output; the failed job, with none, still has its row.
    expect(rows.map((row) => [column(row, 'job_id'), column(row, 'output_number'), column(row, 'output_file')])).toEqual([
      [two.id, '1', `${folders[0]}/output-01.png`],
      [two.id, '2', `${folders[0]}/output-02.png`],
      [one.id, '1', `${folders[1]}/output-01.png`],
      [failed.id, '', ''],
    ]);
    expect(rows.every((row) => row.length === CSV_HEADER.length)).toBe(true);
    expect(column(rows[0], 'prompt')).toBe(AWKWARD_PROMPT);
    expect(column(rows[0], 'seed')).toBe('');
    expect(column(rows[0], 'seed_used')).toBe(String(two.seedUsed));
    expect(column(rows[2], 'seed')).toBe('42');
    // A formula is text in the sheet (manifest.json keeps it exactly, above).
    expect(column(rows[2], 'negative_prompt')).toBe(`'${FORMULA}`);
    expect(column(rows[3], 'status')).toBe('failed');

    // "Show in folder" reveals the export, and only a folder an export made.
    await expect(f.call('jobs:show-export', { savedTo })).resolves.toEqual({ shown: true });
    await expect(f.call('jobs:show-export', { savedTo: '/etc' })).rejects.toThrow(/no export there/);
  });

  it('a canceled folder dialog writes nothing', async () => {
    const target = await tempDir('redraw-export-cancel-');
    const { f, two, one } = await threeJobs(() => null);
    expect(await f.call('jobs:export', { jobIds: [two.id, one.id] })).toEqual({ savedTo: null, jobs: 0, files: 0, skipped: [] });
    expect(await readdir(target)).toEqual([]);
  });

  it('a job whose files cannot be read is skipped whole, with why; a deleted job is named; the rest is exported', async () => {
    const target = await tempDir('redraw-export-skip-');
    const { f, two, one, failed } = await threeJobs(() => target);
    // The second output of one job is a link out of the library; the output of another is gone.
    const linked = libraryFile(f, two.id, two.outputs[1]?.file ?? '');
    await rm(linked);
    await symlink('/etc/hostname', linked);
    await rm(libraryFile(f, one.id, one.outputs[0]?.file ?? ''));
    const deleted = '00000000-deadbeef00';

    const result = await f.call<ExportResult>('jobs:export', { jobIds: [two.id, one.id, failed.id, deleted] });
    expect(result.jobs).toBe(1);
    expect(result.files).toBe(1);
    expect(result.skipped).toEqual([
      { jobId: two.id, why: expect.stringContaining('is a link to a file elsewhere') },
      { jobId: one.id, why: expect.stringContaining('is missing from the library') },
      { jobId: deleted, why: 'That job is no longer in the library.' },
    ]);
    // No half job: the job whose first output was copied before its second was refused has no folder.
    expect(await readdir(result.savedTo ?? '')).toEqual([jobFolderName(failed), 'manifest.csv', 'manifest.json']);
    const manifest = exportManifestSchema.parse(JSON.parse(await readFile(join(result.savedTo ?? '', 'manifest.json'), 'utf8')));
    expect(manifest.skipped).toEqual(result.skipped);
    expect(manifest.jobs.map((job) => job.id)).toEqual([failed.id]);
  });

  it('nothing readable at all is an error, and leaves nothing', async () => {
    const target = await tempDir('redraw-export-none-');
    const { f, one } = await threeJobs(() => target);
    await rm(libraryFile(f, one.id, one.input.file));
    await expect(f.call('jobs:export', { jobIds: [one.id] })).rejects.toThrow(/Nothing could be exported: input\.png is missing from the library/);
    expect(await readdir(target)).toEqual([]);
  });

  it('a write that fails midway leaves no export folder, half-made or otherwise', async () => {
    // A folder whose path is so long that a job's sketch still fits under Linux's PATH_MAX (4,096
    // bytes with its NUL) but its first output, three characters longer, does not: the export has
    // written files when the OS refuses one (as a full disk would). Root ignores read-only folders,
    // and these tests run as root on CI, so a refused name is the failure that works for everyone.
    const base = await tempDir('redraw-export-long-');
    let target = base;
    const { f, two } = await threeJobs(() => target);
    const rest = 1 + partialFolderName(exportFolderName(new Date()), 'x'.repeat(12)).length + 1 + jobFolderName(two).length + 1;
    const targetLength = 4095 - rest - 'input.png'.length;
    // Folders of at most 200 characters (a name may have 255), the last one taking up the rest.
    while (targetLength - target.length > 250) target = join(target, 'd'.repeat(200));
    target = join(target, 'd'.repeat(targetLength - target.length - 1));
    expect(target).toHaveLength(targetLength);
    await mkdir(target, { recursive: true });

    await expect(f.call('jobs:export', { jobIds: [two.id] })).rejects.toThrow(`Could not export to ${target}: the folder's path is too long. Nothing was left there.`);
    expect(await readdir(target)).toEqual([]);
    // The same jobs export once the folder is a reasonable one: the failure was the target's.
    target = base;
    await expect(f.call<ExportResult>('jobs:export', { jobIds: [two.id] })).resolves.toMatchObject({ jobs: 1, files: 3 });
  });
});

describe('dragging an output out of the window', () => {
  it('hands the OS drag the guarded library file with a small PNG icon, and refuses a linked or missing file', async () => {
    const { f, two } = await threeJobs(() => null);
    expect(await f.call('outputs:start-drag', { jobId: two.id, outputIndex: 1 })).toEqual({ started: true });
    expect(f.dragStarts).toHaveLength(1);
    const [drag] = f.dragStarts;
    const expected = join(await realpath(join(f.dataDir, 'library', 'jobs')), two.id, two.outputs[1]?.file ?? '');
    expect(drag?.path).toBe(expected);
    const icon = await sharp(drag?.iconPng).metadata();
    expect(icon.format).toBe('png');
    expect(Math.max(icon.width ?? 0, icon.height ?? 0)).toBe(DRAG_ICON_SIDE);

    const first = libraryFile(f, two.id, two.outputs[0]?.file ?? '');
    await rm(first);
    await expect(f.call('outputs:start-drag', { jobId: two.id, outputIndex: 0 })).rejects.toThrow(/is missing from the library/);
    await symlink('/etc/hostname', first);
    await expect(f.call('outputs:start-drag', { jobId: two.id, outputIndex: 0 })).rejects.toThrow(/is a link to a file elsewhere/);
    await expect(f.call('outputs:start-drag', { jobId: two.id, outputIndex: 5 })).rejects.toThrow(/That output does not exist/);
    expect(f.dragStarts).toHaveLength(1);
  });
});
