import { formatSeconds } from '../format/time';

/** The bar never claims a job is done on a guess. */
const ESTIMATE_CAP_PERCENT = 95;

/**
 * What to show for a job that has been sent but has reported no step yet (the create call may
 * hold its answer for a few seconds, and the model's first step comes later still): the time
 * since it was sent, and, from how long recent jobs took here, a rough bar and time left. Offline
 * there is no estimate: nothing moves until the network is back.
 */
export function earlyProgress(input: { elapsedSeconds: number; typicalSeconds: number | null; online: boolean }): {
  value: number | undefined;
  words: string[];
} {
  const { elapsedSeconds, typicalSeconds, online } = input;
  const words = [`${elapsedSeconds} s so far`];
  if (!online || typicalSeconds === null || typicalSeconds <= 0) return { value: undefined, words };
  const left = typicalSeconds - elapsedSeconds;
  words.push(left >= 1 ? `about ${formatSeconds(left)} left` : 'taking longer than recent jobs');
  return { value: Math.min(ESTIMATE_CAP_PERCENT, (elapsedSeconds / typicalSeconds) * 100), words };
}
