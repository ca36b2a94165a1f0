import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { formatRedrawRecipe, parseRedrawRecipe, recipeForJob, redrawRecipeSchema } from './redraw-recipe';
import { finishedJob, SKETCH_SHA256 } from '../../../../test-support/recipe-jobs';

describe("Redraw's own recipe", () => {
  it('records what re-runs the job exactly, and where its sketch came from', () => {
    const recipe = recipeForJob(finishedJob(), SKETCH_SHA256);
    expect(recipe).toEqual({
      version: 1,
      jobId: 'job-2024-castle-01',
      createdAt: '2024-05-01T10:00:00.000Z',
      modelVersion: 'stability-ai/stable-diffusion-img2img:15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d',
      predictionId: 'q8x2h3kz9drm80cjx7yv',
      apiHost: 'api.replicate.com',
      params: { ...DEFAULT_PARAMS, prompt: 'castle on a cliff, ink', negativePrompt: 'blurry', numOutputs: 2, seed: null },
      seedUsed: 3141592653,
      input: { sha256: SKETCH_SHA256, name: 'castle sketch.png' },
    });
  });

  it('keeps only the API host: never a user, password, path or query', () => {
    const job = finishedJob({ apiBaseUrl: 'https://user:r8_SECRETTOKEN@reseller.example:8443/replicate/v1?key=r8_OTHER' });
    const text = formatRedrawRecipe(recipeForJob(job, SKETCH_SHA256));
    expect(JSON.parse(text)).toMatchObject({ apiHost: 'reseller.example:8443' });
    expect(text).not.toMatch(/r8_|SECRET|user|replicate\/v1/);
    expect(recipeForJob(finishedJob({ apiBaseUrl: 'not a url' }), SKETCH_SHA256).apiHost).toBeNull();
  });

  it('round-trips through its JSON text', () => {
    const recipe = recipeForJob(finishedJob(), SKETCH_SHA256);
    expect(parseRedrawRecipe(formatRedrawRecipe(recipe))).toEqual({ ok: true, recipe });
  });

  it('refuses a bad sketch hash when written', () => {
    expect(() => recipeForJob(finishedJob(), 'not-a-hash')).toThrow();
  });

  it('says why a recipe cannot be read: not JSON, another version, out-of-range values', () => {
    const recipe = recipeForJob(finishedJob(), SKETCH_SHA256);
    expect(parseRedrawRecipe('{oops')).toEqual({ ok: false, reason: 'it is not valid JSON' });
    const v2 = parseRedrawRecipe(JSON.stringify({ ...recipe, version: 2 }));
    expect(v2.ok).toBe(false);
    expect(!v2.ok && v2.reason).toMatch(/at version$/);
    const wild = parseRedrawRecipe(JSON.stringify({ ...recipe, params: { ...recipe.params, steps: 9000 } }));
    expect(!wild.ok && wild.reason).toMatch(/Steps must be at most 500 at params.steps/);
  });

  it('drops unknown fields rather than carrying them along', () => {
    const recipe = recipeForJob(finishedJob(), SKETCH_SHA256);
    const parsed = parseRedrawRecipe(JSON.stringify({ ...recipe, token: 'r8_leak' }));
    expect(parsed.ok && Object.keys(parsed.recipe)).not.toContain('token');
    expect(Object.keys(redrawRecipeSchema.shape)).not.toContain('token');
  });
});
