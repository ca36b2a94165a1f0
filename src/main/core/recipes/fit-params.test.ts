import { describe, expect, it } from 'vitest';
import { fitToRedraw } from './fit-params';

describe("fitting a foreign recipe to Redraw's ranges", () => {
  it('keeps values that are already valid, untouched', () => {
    const raw = { prompt: 'p', negativePrompt: '', scheduler: 'DDIM' as const, numOutputs: 3, guidanceScale: 7.5, promptStrength: 0.35, steps: 40, seed: 0 };
    expect(fitToRedraw(raw)).toEqual({ params: raw, notes: [] });
  });

  it('clamps ranged numbers to the nearest value the model accepts, and rounds whole-number fields', () => {
    expect(fitToRedraw({ guidanceScale: 30, steps: 1000, promptStrength: -0.2, numOutputs: 0 })).toEqual({
      params: { guidanceScale: 20, steps: 500, promptStrength: 0, numOutputs: 1 },
      notes: [
        "Number of outputs 0 is below Redraw's minimum (1): set to 1",
        "Guidance scale 30 is above Redraw's maximum (20): set to 20",
        "Prompt strength -0.2 is below Redraw's minimum (0): set to 0",
        "Steps 1000 is above Redraw's maximum (500): set to 500",
      ],
    });
    expect(fitToRedraw({ steps: 24.6 })).toEqual({ params: { steps: 25 }, notes: ['Steps 24.6 is not a whole number: set to 25'] });
    expect(fitToRedraw({ guidanceScale: Number.NaN }).params).toEqual({});
  });

  it('drops a seed out of range instead of clamping it (a clamped seed is another image)', () => {
    expect(fitToRedraw({ seed: 156680208700286 })).toEqual({ params: {}, notes: ["Seed 156680208700286 is outside Redraw's range (0–4294967295): not set"] });
    expect(fitToRedraw({ seed: -1 }).params).toEqual({});
    expect(fitToRedraw({ seed: 1.5 }).params).toEqual({});
    expect(fitToRedraw({ seed: 4294967295 }).params).toEqual({ seed: 4294967295 });
    expect(fitToRedraw({ seed: null }).params).toEqual({ seed: null });
  });

  it('cuts prompts longer than Redraw takes, saying so', () => {
    const { params, notes } = fitToRedraw({ prompt: 'x'.repeat(12_345), negativePrompt: 'short' });
    expect(params.prompt).toHaveLength(10_000);
    expect(params.negativePrompt).toBe('short');
    expect(notes).toEqual(['Prompt was cut to 10,000 characters (it had 12,345)']);
  });
});
