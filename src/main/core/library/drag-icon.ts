import sharp from 'sharp';
import { thumbnailFileName } from '../../../shared/job';
import type { JobFiles } from './job-files';
import type { Thumbnails } from './thumbnails';

/** Long side of the picture under the pointer while an output is dragged out: a hint, not a preview. */
export const DRAG_ICON_SIDE = 96;

/**
 * The icon for dragging one of a job's images out of the window, as PNG (what Electron's
 * nativeImage reads; the gallery's thumbnails are WebP). Made from the thumbnail, read through
 * the library file guard, so a drag costs a small decode, not a full-size one. Where there is
 * no thumbnail a plain tile stands in: the OS drag needs some icon, and the file is what matters.
 */
export async function dragIcon(files: Pick<JobFiles, 'readJobFile'>, thumbnails: Pick<Thumbnails, 'ensure'>, jobId: string, file: string): Promise<Buffer> {
  try {
    if ((await thumbnails.ensure(jobId, file)) === null) throw new Error('no thumbnail');
    const thumbnail = await files.readJobFile(jobId, thumbnailFileName(file));
    return await sharp(thumbnail).resize({ width: DRAG_ICON_SIDE, height: DRAG_ICON_SIDE, fit: 'inside' }).png().toBuffer();
  } catch {
    return sharp({ create: { width: DRAG_ICON_SIDE, height: DRAG_ICON_SIDE, channels: 3, background: '#8a8f98' } }).png().toBuffer();
  }
}
