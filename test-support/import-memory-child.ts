/**
 * Runs in its own process so its peak RSS is one core's imports alone: stages every file named
 * on the command line through `input:import`, all at once (as several quick drops would), and
 * prints what each gave and the process's peak RSS as one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DraftInput } from '../src/shared/job';
import { createCore } from '../src/main/core/create-core';
import { createSessionTokenStore } from '../src/main/core/secrets/token-store';
import { INERT_DESKTOP } from './inert-desktop';

const dataDir = process.env.REDRAW_TEST_DATA_DIR ?? '';
const paths = process.argv.slice(2);
const core = await createCore({
  dataDir,
  tokenStore: createSessionTokenStore(),
  mediaBaseUrl: 'redraw-media://media',
  appVersion: 'memory-test',
  desktop: INERT_DESKTOP,
  emit: () => undefined,
});
const files = await Promise.all(paths.map(async (path) => ({ name: basename(path), bytes: new Uint8Array(await readFile(path)) })));
const kbToMb = (kb: number): number => Math.round(kb / 1024);
const beforeMb = kbToMb(process.resourceUsage().maxRSS);
const results = await Promise.all(
  files.map(async ({ name, bytes }) => {
    const reply = await core.dispatch('input:import', { name, bytes });
    if (!reply.ok) return { name, error: reply.error.message };
    const draft = reply.value as DraftInput;
    return { name, width: draft.width, height: draft.height };
  }),
);
await core.close();
process.stdout.write(`${JSON.stringify({ results, beforeMb, peakMb: kbToMb(process.resourceUsage().maxRSS) })}\n`);
