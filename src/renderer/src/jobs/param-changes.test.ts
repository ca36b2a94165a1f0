import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { paramChanges } from './param-changes';

describe('paramChanges', () => {
  it('lists what a re-run changed, in the form’s order, with the seed the original used', () => {
    const from = { params: { ...DEFAULT_PARAMS, seed: null }, seedUsed: 1234 };
    expect(paramChanges(from, { params: { ...DEFAULT_PARAMS, seed: 1234 } })).toEqual([]);
    expect(paramChanges(from, { params: { ...DEFAULT_PARAMS, prompt: 'a harbour', promptStrength: 0.5, seed: null } }).map((c) => `${c.label}: ${c.from} → ${c.to}`)).toEqual([
      'Prompt: A fantasy landscape, trending on artstation → a harbour',
      'Prompt strength: 0.8 → 0.5',
      'Seed: 1234 → random',
    ]);
  });
});
