/**
 * A main process stand-in for the crash test: runs the real core on a data directory and
 * queues jobs, then keeps running until it is killed.
 */
import { Agent } from 'undici';
import { DEFAULT_PARAMS } from '../src/shared/model-input';
import { createCore } from '../src/main/core/create-core';
import { createSessionTokenStore, tokenOrigin } from '../src/main/core/secrets/token-store';
import { sketchPng } from './images';
import { INERT_DESKTOP } from './inert-desktop';

const dataDir = process.env.REDRAW_TEST_DATA_DIR ?? '';
const baseUrl = process.env.REDRAW_TEST_BASE_URL ?? '';
const jobs = Number(process.env.REDRAW_TEST_JOBS ?? 0);
const tokenStore = createSessionTokenStore();
await tokenStore.set(tokenOrigin(baseUrl), process.env.REDRAW_TEST_TOKEN ?? '');
const core = await createCore({
  dataDir,
  tokenStore,
  dispatcher: new Agent(),
  mediaBaseUrl: 'redraw-media://media',
  appVersion: 'crash-test',
  defaultSettings: { apiBaseUrl: baseUrl, concurrency: 4 },
  desktop: INERT_DESKTOP,
  emit: () => undefined,
});
core.start();
const draft = await core.dispatch('input:import', { name: 'sketch.png', bytes: new Uint8Array(await sketchPng(320, 240)) });
if (!draft.ok) throw new Error(draft.error.message);
const { inputId } = draft.value as { inputId: string };
for (let i = 0; i < jobs; i++) {
  const created = await core.dispatch('jobs:create', { inputId, params: { ...DEFAULT_PARAMS, prompt: `crash test ${i}`, numOutputs: 2 } });
  if (!created.ok) throw new Error(created.error.message);
}
process.stdout.write('queued\n');
setInterval(() => undefined, 60_000);
