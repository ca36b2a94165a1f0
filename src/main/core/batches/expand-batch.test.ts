import { describe, expect, it } from 'vitest';
import { batchSpecSchema, keepAllSpec, parseSweep, type BatchSpec } from '../../../shared/batch-spec';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { DEFAULT_STEP_RATE, estimateBatch } from './estimate-batch';
import { expandBatch, type BatchSource } from './expand-batch';

const source = (id: string, extra: Partial<BatchSource['params']> = {}, seedUsed: number | null = 1000): BatchSource => ({
  id,
  params: { ...DEFAULT_PARAMS, prompt: `${id} castle`, negativePrompt: 'blurry', seed: null, ...extra },
  seedUsed,
  modelVersion: `owner/model-of-${id}`,
});
const sources = [source('job-aaaa-1'), source('job-bbbb-2', { promptStrength: 0.5 }, 2000), source('job-cccc-3', {}, null)];

function expand(change: Partial<BatchSpec>, from: BatchSource[] = sources) {
  return expandBatch(batchSpecSchema.parse({ ...keepAllSpec(from.map((s) => s.id)), ...change }), from);
}

describe('parseSweep', () => {
  it('reads one value, lists and ranges with a step, ends included and without float noise', () => {
    expect(parseSweep('promptStrength', '0.6')).toEqual({ ok: true, values: [0.6] });
    expect(parseSweep('promptStrength', '0.4, 0.6,0.8')).toEqual({ ok: true, values: [0.4, 0.6, 0.8] });
    expect(parseSweep('promptStrength', '0.3-0.9 step 0.1')).toEqual({ ok: true, values: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] });
    expect(parseSweep('steps', '20 to 40 step 10, 50')).toEqual({ ok: true, values: [20, 30, 40, 50] });
    expect(parseSweep('seed', '7, 7, 8')).toEqual({ ok: true, values: [7, 8] });
  });

  it('says what is wrong with a value the model would refuse', () => {
    expect(parseSweep('promptStrength', '1.5')).toEqual({ ok: false, message: 'Prompt strength: 1.5 is outside 0-1' });
    expect(parseSweep('steps', '25.5')).toEqual({ ok: false, message: 'Steps: 25.5 is not a whole number' });
    expect(parseSweep('guidanceScale', 'high')).toMatchObject({ ok: false, message: expect.stringContaining('"high" is not a number') });
    expect(parseSweep('guidanceScale', '9-3 step 1')).toMatchObject({ ok: false, message: expect.stringContaining('smaller value to the larger') });
    expect(parseSweep('seed', '1-1000 step 1')).toMatchObject({ ok: false, message: expect.stringContaining('at most 100') });
    expect(parseSweep('steps', '')).toMatchObject({ ok: false });
  });
});

describe('expandBatch', () => {
  it('keeps everything: one prediction per selected job with its own parameters and the seed it used', () => {
    const { drafts, axes } = expand({});
    expect(drafts.map((d) => [d.sourceJobId, d.params.prompt, d.params.promptStrength, d.params.seed])).toEqual([
      ['job-aaaa-1', 'job-aaaa-1 castle', 0.8, 1000],
      ['job-bbbb-2', 'job-bbbb-2 castle', 0.5, 2000],
      // No seed was ever known: it stays random.
      ['job-cccc-3', 'job-cccc-3 castle', 0.8, null],
    ]);
    expect(axes).toEqual([{ name: 'job', values: sources.map((s) => s.id) }]);
  });

  it('is the product of the selected jobs and every sweep axis, in a fixed order', () => {
    const { drafts, axes } = expand(
      { promptStrength: { mode: 'values', text: '0.4, 0.6' }, seed: { mode: 'values', text: '1-3 step 1' }, prompt: { mode: 'replace', text: 'a harbour' } },
      sources.slice(0, 2),
    );
    expect(drafts).toHaveLength(2 * 2 * 3);
    expect(axes.map((a) => [a.name, a.values.length])).toEqual([['job', 2], ['promptStrength', 2], ['seed', 3]]);
    expect(drafts.slice(0, 4).map((d) => [d.params.promptStrength, d.params.seed])).toEqual([[0.4, 1], [0.4, 2], [0.4, 3], [0.6, 1]]);
    expect(drafts[0]?.axes).toEqual({ job: 'job-aaaa-1', promptStrength: 0.4, seed: 1 });
    expect(new Set(drafts.map((d) => d.params.prompt))).toEqual(new Set(['a harbour']));
    // Untouched fields stay each job's own.
    expect(drafts.every((d) => d.params.negativePrompt === 'blurry' && d.params.steps === 25)).toBe(true);
  });

  it('changes prompts as asked: append, find-and-replace, variants', () => {
    expect(expand({ prompt: { mode: 'append', text: ' oil painting ' } }).drafts[0]?.params.prompt).toBe('job-aaaa-1 castle, oil painting');
    expect(expand({ prompt: { mode: 'find-replace', find: 'castle', replace: 'lighthouse' } }).drafts.map((d) => d.params.prompt)).toEqual([
      'job-aaaa-1 lighthouse',
      'job-bbbb-2 lighthouse',
      'job-cccc-3 lighthouse',
    ]);
    const variants = expand({ prompt: { mode: 'variants', texts: ['at dusk', 'in snow'] }, negativePrompt: { mode: 'replace', text: '' } }, sources.slice(0, 1));
    expect(variants.drafts.map((d) => [d.params.prompt, d.params.negativePrompt])).toEqual([['at dusk', ''], ['in snow', '']]);
    expect(variants.axes).toEqual([{ name: 'prompt', values: ['at dusk', 'in snow'] }]);
  });

  it('uses Settings’ model version, or keeps the one each job ran with, or sets one for the whole batch', () => {
    expect(expand({}).drafts.map((d) => d.modelVersion)).toEqual([null, null, null]);
    expect(expand({ modelVersion: { mode: 'keep' } }).drafts.map((d) => d.modelVersion)).toEqual(sources.map((s) => `owner/model-of-${s.id}`));
    expect(new Set(expand({ modelVersion: { mode: 'set', value: 'owner/other-model' } }).drafts.map((d) => d.modelVersion))).toEqual(new Set(['owner/other-model']));
  });

  it('gives new random seeds, or one fixed seed to every prediction', () => {
    expect(expand({ seed: { mode: 'random' } }).drafts.map((d) => d.params.seed)).toEqual([null, null, null]);
    const fixed = expand({ seed: { mode: 'values', text: '42' }, scheduler: { mode: 'values', values: ['DDIM', 'K_EULER'] } });
    expect(fixed.drafts.map((d) => [d.params.scheduler, d.params.seed])).toEqual([
      ['DDIM', 42], ['K_EULER', 42], ['DDIM', 42], ['K_EULER', 42], ['DDIM', 42], ['K_EULER', 42],
    ]);
    // One fixed value is not an axis: the contact sheet lays out only what varies.
    expect(fixed.axes.map((a) => a.name)).toEqual(['job', 'scheduler']);
  });

  it('refuses a bad sweep with the field named, and a batch too large before building it', () => {
    expect(() => expand({ guidanceScale: { mode: 'values', text: '0.5' } })).toThrow(expect.objectContaining({ code: 'invalid-input', fields: [expect.objectContaining({ param: 'guidanceScale' })] }));
    expect(() => expand({ seed: { mode: 'values', text: '1-100 step 1' }, steps: { mode: 'values', text: '10-200 step 10' } })).toThrow(/6,000 predictions; at most 2,000/);
    // An edit that makes a prompt the model would refuse is named before anything is made.
    expect(() => expand({ prompt: { mode: 'append', text: 'x'.repeat(10_000) } })).toThrow(expect.objectContaining({ code: 'invalid-input', fields: [expect.objectContaining({ param: 'prompt', message: 'Prompt is too long (10,000 characters at most)' })] }));
  });
});

describe('estimateBatch', () => {
  it('adds model time per step and image, prices it, and bounds the wall time by concurrency and the create rate', () => {
    const expansion = expand({ numOutputs: { mode: 'values', text: '2' }, steps: { mode: 'values', text: '20, 30' } });
    const estimate = estimateBatch(expansion, { secondsPerStepImage: 0.1, basis: 'history' }, { pricePerSecondUsd: 0.002, confirmCostOverUsd: 0.05, concurrency: 2 });
    // 3 jobs x 2 step counts; each 2 images: (20 + 30) x 2 x 0.1 s = 10 s per job.
    expect(estimate).toMatchObject({ predictions: 6, images: 12, basis: 'history', pricePerSecondUsd: 0.002, needsConfirmation: true });
    expect(estimate.predictSeconds).toBeCloseTo(30);
    expect(estimate.costUsd).toBeCloseTo(0.06);
    expect(estimate.wallSeconds).toBeCloseTo(15);
    const cheap = estimateBatch(expand({}), DEFAULT_STEP_RATE, { pricePerSecondUsd: 0.0014, confirmCostOverUsd: 1, concurrency: 4 });
    expect(cheap).toMatchObject({ predictions: 3, images: 3, basis: 'default', needsConfirmation: false });
    expect(cheap.costUsd).toBeCloseTo(3 * 25 * 0.1 * 0.0014);
  });
});
