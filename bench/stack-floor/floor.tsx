/**
 * The stack floor of `gallery.first_paint_ms`: the least a page on Redraw's renderer stack can do
 * before a History thumbnail shows. It evaluates React and the IPC contract's zod schemas, takes
 * the start's two replies through Redraw's own client (checked against the contract), and
 * renders the first window's thumbnails as 30 bare cards with React: no store, no layout, no
 * styles, nothing else. The bench builds it like the app (bench/gallery.ts) and serves it
 * through the same harness.
 */
import './floor-calls';
import { createRoot } from 'react-dom/client';
import { HISTORY_PAGE_SIZE } from '../../src/shared/history-window';
import { callAtStart } from '../../src/renderer/src/api/client';
import { jobThumbnailUrl } from '../../src/renderer/src/jobs/media-url';

const FIRST_SCREEN_CARDS = 30;

const [{ mediaBaseUrl }, { page }] = await Promise.all([callAtStart('app:info', undefined), callAtStart('history:start', { limit: HISTORY_PAGE_SIZE })]);
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
