import { createHash } from 'node:crypto';
import type { TokenState } from '../../../shared/settings';

/**
 * What the service last said of a token, per API origin. Kept by a digest of the token, not
 * the token: the verdict belongs to that exact token, so saving another one shows "untested"
 * at once and a stale "refused" cannot outlive the token it was about. In memory only: after a
 * restart the next call finds out again.
 */
export function createTokenVerdicts(onChange: (origin: string) => void) {
  const verdicts = new Map<string, { digest: string; state: Exclude<TokenState, 'untested'> }>();
  const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');

  return {
    record(origin: string, token: string, accepted: boolean): void {
      const next = { digest: digestOf(token), state: accepted ? ('accepted' as const) : ('refused' as const) };
      const previous = verdicts.get(origin);
      if (previous?.digest === next.digest && previous.state === next.state) return;
      verdicts.set(origin, next);
      onChange(origin);
    },
    stateOf(origin: string, token: string | null): TokenState {
      if (token === null) return 'untested';
      const verdict = verdicts.get(origin);
      return verdict && verdict.digest === digestOf(token) ? verdict.state : 'untested';
    },
  };
}

export type TokenVerdicts = ReturnType<typeof createTokenVerdicts>;
