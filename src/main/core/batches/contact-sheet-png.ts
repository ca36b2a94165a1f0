import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import type { SheetLayout } from '../../../shared/contact-sheet-layout';
import { thumbnailFileName, type JobSummary } from '../../../shared/job';

/** The largest cell; a sheet with many cells gets smaller ones, so the whole image stays bounded. */
const CELL_MAX = 256;
const CELL_MIN = 48;
/** Pixels in one exported sheet at most (24 MP: ~100 MB as raw RGBA while it is composed). */
const MAX_PIXELS = 24_000_000;
const GAP = 8;
const LABEL_WIDTH = 260;
const HEADER_HEIGHT = 44;
const BACKGROUND = '#141517';
const TEXT = '#e8e6e1';
const FAINT = '#6d7178';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Where a cell's picture is read from: its thumbnail if made, else the output itself (resized here). */
export type CellImage = (job: JobSummary) => Promise<Buffer | null>;

/** The path of a job's first output and its thumbnail, for callers that resolve library files. */
export function cellFiles(job: JobSummary): { thumbnail: string; full: string } | null {
  const first = job.outputs[0];
  return first ? { thumbnail: thumbnailFileName(first.file), full: first.file } : null;
}

/**
 * One PNG of a batch's contact sheet: the same grid the page shows (the last axis across, the
 * others down, labels in the margins), each cell its job's first output fitted into a square.
 * Built in one sharp composite, so the sheet is never held as raw pixels cell by cell.
 */
export async function contactSheetPng(layout: SheetLayout, title: string, imageOf: CellImage): Promise<Buffer> {
  const columns = Math.max(1, layout.columns.length);
  const rows = Math.max(1, layout.rows.length);
  const size = Math.min(CELL_MAX, Math.floor(Math.sqrt(MAX_PIXELS / (columns * rows))) - GAP);
  if (size < CELL_MIN) {
    throw new AppError('invalid-request', `This contact sheet has ${columns} columns and ${rows} rows: too many to export as one image. Export a batch with fewer values on its axes.`);
  }
  const width = LABEL_WIDTH + columns * (size + GAP) + GAP;
  const height = HEADER_HEIGHT * 2 + rows * (size + GAP) + GAP;

  const labels: string[] = [`<text x="${GAP * 2}" y="28" font-size="18" fill="${TEXT}">${escapeXml(title)}</text>`];
  layout.columns.forEach((column, i) => {
    const x = LABEL_WIDTH + i * (size + GAP) + size / 2;
    labels.push(`<text x="${x}" y="${HEADER_HEIGHT + 28}" font-size="15" fill="${TEXT}" text-anchor="middle">${escapeXml(column)}</text>`);
  });
  const composites: sharp.OverlayOptions[] = [];
  for (const [r, row] of layout.rows.entries()) {
    const top = HEADER_HEIGHT * 2 + r * (size + GAP);
    labels.push(`<text x="${GAP * 2}" y="${top + size / 2}" font-size="14" fill="${TEXT}">${escapeXml(row.label)}</text>`);
    for (const [c, cell] of row.cells.entries()) {
      const left = LABEL_WIDTH + c * (size + GAP);
      const image = cell.job === null ? null : await imageOf(cell.job);
      if (image === null) {
        const word = cell.job === null ? '—' : cell.job.status;
        labels.push(`<text x="${left + size / 2}" y="${top + size / 2}" font-size="14" fill="${FAINT}" text-anchor="middle">${escapeXml(word)}</text>`);
        continue;
      }
      const fitted = await sharp(image).resize(size, size, { fit: 'contain', background: BACKGROUND }).png().toBuffer();
      composites.push({ input: fitted, left, top });
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">${labels.join('')}</svg>`;
  composites.unshift({ input: Buffer.from(svg), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 3, background: BACKGROUND } })
    .composite(composites)
    .png()
    .toBuffer();
}
