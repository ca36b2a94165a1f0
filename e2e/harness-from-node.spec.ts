import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startFakeReplicate } from '../fake-server/fake-replicate';

test('the harness drives the app from a plain Node script run with tsx', async () => {
  const server = await startFakeReplicate();
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/fixtures/harness-smoke.ts', server.baseUrl, server.token], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`harness script exited ${code}`))));
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as { bridge: string; tokenText: string };
    expect(result.bridge).toBe('function');
    expect(result.tokenText).toContain(server.token.slice(-4));
  } finally {
    await server.close();
  }
});
