import { fork } from 'node:child_process';
import type { FakeReplicateOptions, FakeStats } from '../fake-server/types';

export type RemoteFake = {
  baseUrl: string;
  outputsOrigin: string;
  token: string;
  /** Prediction id -> epoch ms (with sub-ms precision) when the server marked it succeeded. */
  succeededAt: Map<string, number>;
  stats(): Promise<FakeStats & { createRequests: number }>;
  close(): Promise<void>;
};

type Message =
  | { type: 'ready'; baseUrl: string; outputsOrigin: string; token: string }
  | { type: 'succeeded'; id: string; at: number }
  | { type: 'stats'; stats: FakeStats & { createRequests: number } };

/** Starts bench/fake-server-child.ts and waits until it listens. */
export function startRemoteFake(options: FakeReplicateOptions): Promise<RemoteFake> {
  const child = fork('bench/fake-server-child.ts', [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const succeededAt = new Map<string, number>();
  let statsWaiter: ((stats: FakeStats & { createRequests: number }) => void) | null = null;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake server child exited ${code}`)));
    child.on('message', (message: Message) => {
      if (message.type === 'succeeded') succeededAt.set(message.id, message.at);
      else if (message.type === 'stats') statsWaiter?.(message.stats);
      else if (message.type === 'ready') {
        resolve({
          baseUrl: message.baseUrl,
          outputsOrigin: message.outputsOrigin,
          token: message.token,
          succeededAt,
          stats: () =>
            new Promise((done) => {
              statsWaiter = done;
              child.send({ type: 'stats' });
            }),
          close: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.once('exit', () => done());
              child.send({ type: 'close' });
            }),
        });
      }
    });
  });
}
