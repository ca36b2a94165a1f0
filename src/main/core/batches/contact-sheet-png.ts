import sharp from 'sharp';
import type { SheetLayout } from '../../../shared/contact-sheet-layout';
import { thumbnailFileName, type JobSummary } from '../../../shared/job';

const CELL = 256;
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
  const width = LABEL_WIDTH + columns * (CELL + GAP) + GAP;
  const height = HEADER_HEIGHT * 2 + rows * (CELL + GAP) + GAP;

  const labels: string[] = [`<text x="${GAP * 2}" y="28" font-size="18" fill="${TEXT}">${escapeXml(title)}</text>`];
  layout.columns.forEach((column, i) => {
    const x = LABEL_WIDTH + i * (CELL + GAP) + CELL / 2;
    labels.push(`<text x="${x}" y="${HEADER_HEIGHT + 28}" font-size="15" fill="${TEXT}" text-anchor="middle">${escapeXml(column)}</text>`);
  });
  const composites: sharp.OverlayOptions[] = [];
  for (const [r, row] of layout.rows.entries()) {
    const top = HEADER_HEIGHT * 2 + r * (CELL + GAP);
    labels.push(`<text x="${GAP * 2}" y="${top + CELL / 2}" font-size="14" fill="${TEXT}">${escapeXml(row.label)}</text>`);
    for (const [c, cell] of row.cells.entries()) {
      const left = LABEL_WIDTH + c * (CELL + GAP);
      const image = cell.job === null ? null : await imageOf(cell.job);
      if (image === null) {
        const word = cell.job === null ? '—' : cell.job.status;
        labels.push(`<text x="${left + CELL / 2}" y="${top + CELL / 2}" font-size="14" fill="${FAINT}" text-anchor="middle">${escapeXml(word)}</text>`);
        continue;
      }
      const fitted = await sharp(image).resize(CELL, CELL, { fit: 'contain', background: BACKGROUND }).png().toBuffer();
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
