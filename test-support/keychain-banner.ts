/**
 * Vitest global setup: says loudly, before and after the run, when the real-keychain tests
 * will be skipped because this session has no Secret Service (plain `npm run test:unit`
 * outside `npm test`, which starts one). A skip buried among passing files is easy to miss.
 */
import { createRequire } from 'node:module';
import { keychainWorks, type KeytarLike } from '../src/main/core/secrets/keytar-token-store';

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return ['', rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ''].join('\n');
}

export default async function keychainBanner(): Promise<(() => void) | undefined> {
  const keytar = createRequire(import.meta.url)('keytar') as KeytarLike;
  if (await keychainWorks(keytar, 'Redraw-test-probe')) return undefined;
  const message = banner([
    'KEYCHAIN TESTS SKIPPED: no Secret Service on this session bus.',
    'The token store was NOT tested against a real keychain in this run.',
    'Run `npm test` (or `bash scripts/with-keyring.sh npx vitest run`), which starts one.',
  ]);
  process.stderr.write(message);
  return () => {
    process.stderr.write(message);
  };
}
