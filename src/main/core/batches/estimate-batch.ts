import type { BatchEstimate } from '../../../shared/batch-spec';
import type { BatchExpansion } from './expand-batch';

/** Model time per inference step per image: measured from this library's recent jobs, or a default. */
export type StepRate = { secondsPerStepImage: number; basis: 'history' | 'default' };

/**
 * Before a library has finished jobs: about 0.1 s per step per image, what
 * stable-diffusion-img2img takes on Replicate's GPUs (25 steps, one image: ~2.5 s).
 */
export const DEFAULT_STEP_RATE: StepRate = { secondsPerStepImage: 0.1, basis: 'default' };

/** Replicate's create limit (600 a minute): a batch cannot go out faster than this. */
export const CREATES_PER_SECOND = 10;

export type EstimateSettings = { pricePerSecondUsd: number; confirmCostOverUsd: number; concurrency: number };

/**
 * What a batch will make and cost: each prediction's model time is its steps x images x the
 * measured time per step and image; cost is that time x the price per second. The wall time
 * is bounded by whichever is slower: running `concurrency` at a time, or the create rate.
 */
export function estimateBatch(expansion: BatchExpansion, rate: StepRate, settings: EstimateSettings): BatchEstimate {
  let images = 0;
  let predictSeconds = 0;
  let longest = 0;
  for (const { params } of expansion.drafts) {
    images += params.numOutputs;
    const seconds = params.steps * params.numOutputs * rate.secondsPerStepImage;
    predictSeconds += seconds;
    longest = Math.max(longest, seconds);
  }
  const predictions = expansion.drafts.length;
  const wallSeconds = predictions === 0 ? 0 : Math.max(predictions / CREATES_PER_SECOND, predictSeconds / settings.concurrency, longest);
  const costUsd = predictSeconds * settings.pricePerSecondUsd;
  return {
    predictions,
    images,
    predictSeconds,
    wallSeconds,
    costUsd,
    pricePerSecondUsd: settings.pricePerSecondUsd,
    basis: rate.basis,
    needsConfirmation: costUsd > settings.confirmCostOverUsd,
    axes: expansion.axes,
  };
}
