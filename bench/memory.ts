import { spawn } from 'node:child_process';
import { startRemoteFake } from './remote-fake';
import { round } from './bench-support';

/** Main-process RSS growth over 1000 jobs, measured after a warm-up, with GC forced at both ends. */
export async function benchMemory(jobs = 1000) {
  const server = await startRemoteFake({ predictionMs: 20, startDelayMs: 0, outputTtlMs: 60_000 });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/memory-child.ts'], {
        env: { ...process.env, BENCH_BASE_URL: server.baseUrl, BENCH_TOKEN: server.token, BENCH_JOBS: String(jobs) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`memory child exited ${code}`))));
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as { before_mb: number; after_mb: number; jobs: number; failed: number };
    return {
      rss_before_mb: round(result.before_mb),
      rss_after_mb: round(result.after_mb),
      rss_growth_mb: round(result.after_mb - result.before_mb),
      jobs: result.jobs,
      failed: result.failed,
    };
  } finally {
    await server.close();
  }
}
