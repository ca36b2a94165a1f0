/**
 * `npm run demo`: Redraw against the project's own fake Replicate server, with no token and no
 * network. Starts the fake server, builds the app, and opens it in Electron. Where no Electron
 * binary exists (these CI machines), or with `--browser`, it opens the same renderer and core in
 * Chromium through the test harness instead (needs a display; try `xvfb-run`). demo-plan.ts decides.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startFakeReplicate } from '../fake-server/fake-replicate';
import { electronBinary } from '../e2e/electron-binary';
import { launchApp } from '../e2e/harness';
import { planDemo } from './demo-plan';

const DEMO_TOKEN = 'r8_demo_any_token_works_here';

async function main(): Promise<void> {
  const server = await startFakeReplicate({ acceptAnyToken: true, predictionMs: 4_000, token: DEMO_TOKEN });
  const dataDir = join(homedir(), '.redraw-demo');
  await mkdir(dataDir, { recursive: true });
  console.log(`fake Replicate server: ${server.baseUrl} (outputs on ${server.outputsOrigin})`);
  console.log(`demo library: ${dataDir}`);

  const stop = async (code = 0): Promise<never> => {
    await server.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());

  const plan = planDemo({ args: process.argv.slice(2), binary: electronBinary(), display: process.env.DISPLAY });
  if (plan.open === 'nothing') {
    console.error(plan.error);
    await stop(1);
    return;
  }
  if (plan.open === 'electron') {
    await run('npx', ['electron-vite', 'build']);
    const child = spawn('npx', ['electron-vite', 'preview', '--skipBuild'], {
      stdio: 'inherit',
      env: { ...process.env, REDRAW_DATA_DIR: dataDir, REDRAW_DEMO_API_BASE_URL: server.baseUrl, REDRAW_DEMO_TOKEN: DEMO_TOKEN },
    });
    child.on('exit', (code) => void stop(code ?? 0));
    return;
  }
  if (plan.notice) console.log(plan.notice);
  await run('npx', ['electron-vite', 'build']);
  const app = await launchApp({ apiBaseUrl: server.baseUrl, apiToken: DEMO_TOKEN, dataDir, headless: false });
  console.log('Redraw is open in Chromium. Ctrl-C to stop.');
  app.page.on('close', () => void app.close().then(() => stop()));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
