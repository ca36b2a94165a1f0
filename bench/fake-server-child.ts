/**
 * The fake Replicate server in a process of its own, so the work it does (making PNGs) does not
 * share an event loop or thread pool with the Redraw core being measured. Talks over the IPC
 * channel: options in through argv, succeeded timestamps (epoch ms) and stats out.
 */
import { startFakeReplicate } from '../fake-server/fake-replicate';
import type { FakeReplicateOptions } from '../fake-server/types';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeReplicateOptions;
const server = await startFakeReplicate(options);
const send = (message: unknown): void => {
  process.send?.(message);
};
server.onPredictionSucceeded = (id, at) => send({ type: 'succeeded', id, at: performance.timeOrigin + at });
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    const createRequests = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/predictions').length;
    send({ type: 'stats', stats: { ...server.stats(), createRequests } });
  } else if (message.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
send({ type: 'ready', baseUrl: server.baseUrl, outputsOrigin: server.outputsOrigin, token: server.token });
