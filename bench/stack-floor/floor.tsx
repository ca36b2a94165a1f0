/**
 * The stack floor of `gallery.first_paint_ms`: the least a page on Redraw's renderer stack can do
 * before a History thumbnail shows. It evaluates React and the IPC contract's zod schemas, checks
 * the start's two replies against the contract as Redraw's client does, and renders the first
 * window's thumbnails as 30 bare cards with React: no store, no layout, no styles, nothing else.
 * The bench builds it like the app (bench/gallery.ts) and serves it through the same harness.
 */
import { startCalls } from './floor-calls';
import { createRoot } from 'react-dom/client';
import type { z } from 'zod';
import { envelopeSchema, invokeContract, type ChannelOutput } from '../../src/shared/ipc-contract';
import { jobThumbnailUrl } from '../../src/renderer/src/jobs/media-url';

const FIRST_SCREEN_CARDS = 30;

function checked<C extends 'app:info' | 'history:start'>(channel: C, raw: unknown): ChannelOutput<C> {
  const envelope = envelopeSchema.parse(raw);
  if (!envelope.ok) throw new Error(`stack floor: ${channel} failed: ${envelope.error.message}`);
  const schema: z.ZodType = invokeContract[channel].output;
  // The contract's output schema parses to ChannelOutput<C> by definition (as in Redraw's client).
  return schema.parse(envelope.value) as ChannelOutput<C>;
}

const [infoReply, startReply] = await startCalls;
const { mediaBaseUrl } = checked('app:info', infoReply);
const { page } = checked('history:start', startReply);
const root = document.getElementById('root');
if (!root) throw new Error('stack floor: no #root');
createRoot(root).render(
  <div>
    {page.jobs.slice(0, FIRST_SCREEN_CARDS).map((job) => (
      <div className="gallery-card" key={job.id}>
        <img src={jobThumbnailUrl(mediaBaseUrl, job)} alt="" width={176} height={132} />
      </div>
    ))}
  </div>,
);
