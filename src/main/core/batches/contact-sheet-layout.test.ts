import { describe, expect, it } from 'vitest';
import { jobSummary } from '../../../../test-support/job-summary';
import { contactSheetLayout } from '../../../shared/contact-sheet-layout';

describe('contactSheetLayout', () => {
  it('puts the last axis across and every combination of the others down, each cell its job', () => {
    const axes = [
      { name: 'job', values: ['job-aaaa-1', 'job-bbbb-2'] },
      { name: 'promptStrength', values: [0.4, 0.7] },
      { name: 'seed', values: [1, 2, 3] },
    ];
    const jobs = axes[0]!.values.flatMap((job) =>
      axes[1]!.values.flatMap((strength) => axes[2]!.values.map((seed) => jobSummary(`${job}-${strength}-${seed}`.replace('.', ''), { batch: { id: 'batch-0001', index: 0, pinnedModel: false, axes: { job, promptStrength: strength, seed } } }))),
    );
    // Missing cells stay empty, not shifted: drop one job.
    const layout = contactSheetLayout({ axes }, jobs.filter((job) => job.id !== 'job-bbbb-2-07-2'));
    expect(layout.columns).toEqual(['Seed 1', 'Seed 2', 'Seed 3']);
    expect(layout.rows.map((row) => row.label)).toEqual(['Job 1 · Strength 0.4', 'Job 1 · Strength 0.7', 'Job 2 · Strength 0.4', 'Job 2 · Strength 0.7']);
    expect(layout.rows[0]?.cells.map((cell) => cell.job?.id)).toEqual(['job-aaaa-1-04-1', 'job-aaaa-1-04-2', 'job-aaaa-1-04-3']);
    expect(layout.rows[3]?.cells.map((cell) => cell.job?.id ?? null)).toEqual(['job-bbbb-2-07-1', null, 'job-bbbb-2-07-3']);
  });

  it('lays a batch without axes out as one row', () => {
    const layout = contactSheetLayout({ axes: [] }, [jobSummary('job-aaaa-1'), jobSummary('job-bbbb-2')]);
    expect(layout.rows).toHaveLength(1);
    expect(layout.rows[0]?.cells.map((cell) => cell.job?.id)).toEqual(['job-aaaa-1', 'job-bbbb-2']);
  });
});
