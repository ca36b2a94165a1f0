import { MAX_OUTPUT_BYTES } from '../../../shared/job';

/**
 * How far a job's run trusts a server. The defaults are what the app uses; tests pass smaller
 * ones to runJob so a minute-long limit can be met in a fraction of a second.
 */
export type RunLimits = {
  /**
   * A stream that sends nothing but keep-alive comments (or unknown events) for this long is
   * given up, and the prediction is followed with GET until it ends.
   */
  streamIdleMs: number;
  /** Outputs downloaded at once: ten 90 MB outputs must not all be in flight together. */
  outputConcurrency: number;
  /** The largest single output file. */
  maxOutputBytes: number;
  /** All of a job's outputs together. */
  maxJobOutputBytes: number;
  /**
   * The longest one output's download may take, whole. The socket's own timeouts only bound the
   * gap between bytes: a host trickling a byte a minute would otherwise hold the job forever.
   */
  outputDeadlineMs: number;
};

export const DEFAULT_RUN_LIMITS: RunLimits = {
  streamIdleMs: 60_000,
  outputConcurrency: 2,
  maxOutputBytes: MAX_OUTPUT_BYTES,
  maxJobOutputBytes: 512 * 1024 * 1024,
  // 100 MB at about 170 KB/s: far slower than any real link, far shorter than forever.
  outputDeadlineMs: 10 * 60_000,
};

export function runLimits(overrides: Partial<RunLimits> = {}): RunLimits {
  return { ...DEFAULT_RUN_LIMITS, ...overrides };
}
