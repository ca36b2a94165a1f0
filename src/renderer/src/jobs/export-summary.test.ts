import { describe, expect, it } from 'vitest';
import { exportSummary } from './export-summary';

describe('the export toast', () => {
  it('says how much went where', () => {
    expect(exportSummary({ savedTo: '/home/a/redraw-export-x', jobs: 1, files: 2, skipped: [] })).toBe('Exported 1 job (2 files) to /home/a/redraw-export-x');
  });

  it('names what was skipped and why, pointing at the manifest for the rest', () => {
    const skipped = [
      { jobId: 'aaaaaaaa', why: 'output-1.png is missing from the library.' },
      { jobId: 'bbbbbbbb', why: 'That job is no longer in the library.' },
    ];
    expect(exportSummary({ savedTo: '/x', jobs: 1200, files: 1, skipped: skipped.slice(0, 1) })).toBe(
      'Exported 1,200 jobs (1 file) to /x. 1 job skipped: output-1.png is missing from the library.',
    );
    expect(exportSummary({ savedTo: '/x', jobs: 3, files: 9, skipped })).toBe(
      'Exported 3 jobs (9 files) to /x. 2 jobs skipped: output-1.png is missing from the library (and 1 more: see manifest.json).',
    );
  });
});
