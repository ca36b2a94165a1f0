import type { FakeReplicate } from '../fake-server/types';

/** Creates already on their way when a 429 went out (sent together with the throttled one) may arrive just after it. */
const IN_FLIGHT_MS = 250;
/** Timers fire on whole milliseconds; the server and the client read different clocks by a hair. */
const CLOCK_SLACK_MS = 30;

/**
 * The creates that arrived too early after a 429: sent after the client had the answer, yet
 * before the wait its body named was over. Empty when every wait was honoured.
 */
export function createsBeforeThrottleEnded(server: FakeReplicate): string[] {
  const creates = server.requests.filter((r) => r.origin === 'api' && r.method === 'POST' && r.path === '/v1/predictions');
  const early: string[] = [];
  for (const throttle of server.throttles) {
    const opensAt = throttle.at + throttle.retryAfterS * 1000 - CLOCK_SLACK_MS;
    for (const create of creates) {
      if (create.at > throttle.at + IN_FLIGHT_MS && create.at < opensAt) {
        early.push(`a create ${Math.round(create.at - throttle.at)} ms after a 429 that asked for ${throttle.retryAfterS} s`);
      }
    }
  }
  return early;
}
