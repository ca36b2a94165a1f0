/** How a batch's jobs lay out on a contact sheet: shared by the page (the grid) and main (the exported PNG). */
import type { BatchSummary } from './batch-spec';
import type { JobSummary } from './job';

export const AXIS_LABELS: Record<string, string> = {
  job: 'Job',
  sketch: 'Sketch',
  prompt: 'Prompt',
  negativePrompt: 'Negative prompt',
  scheduler: 'Scheduler',
  promptStrength: 'Strength',
  guidanceScale: 'Guidance',
  steps: 'Steps',
  numOutputs: 'Outputs',
  seed: 'Seed',
};

export type SheetCell = { key: string; job: JobSummary | null };
export type SheetRow = { label: string; cells: SheetCell[] };
export type SheetLayout = { columnAxis: string | null; columns: string[]; rowAxes: string[]; rows: SheetRow[] };

/** A value as a label: a job by its place in the selection (2, shown "Job 2"), text shortened, numbers as they are. */
function labelOf(axis: string, value: number | string, jobNumbers: Map<string, number>): string {
  if (axis === 'job') return String(jobNumbers.get(String(value)) ?? '?');
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * A batch's jobs as a grid: the last sweep axis across (columns), every other axis down (each
 * row one combination of their values), in the order the batch was expanded. A batch without
 * axes is one row of its jobs.
 */
export function contactSheetLayout(batch: Pick<BatchSummary, 'axes'>, jobs: readonly JobSummary[]): SheetLayout {
  const axes = batch.axes;
  const jobAxis = axes.find((axis) => axis.name === 'job');
  const jobNumbers = new Map((jobAxis?.values ?? []).map((value, i) => [String(value), i + 1]));
  if (axes.length === 0) {
    return { columnAxis: null, columns: jobs.map((_, i) => String(i + 1)), rowAxes: [], rows: [{ label: '', cells: jobs.map((job) => ({ key: job.id, job })) }] };
  }
  const columnAxis = axes[axes.length - 1] as (typeof axes)[number];
  const rowAxes = axes.slice(0, -1);
  const byPlace = new Map<string, JobSummary>();
  const placeKey = (values: (number | string)[]): string => JSON.stringify(values);
  for (const job of jobs) {
    const place = job.batch?.axes ?? {};
    byPlace.set(placeKey(axes.map((axis) => place[axis.name] ?? '')), job);
  }
  // Every combination of the row axes, in expansion order.
  let combinations: (number | string)[][] = [[]];
  for (const axis of rowAxes) combinations = combinations.flatMap((prefix) => axis.values.map((value) => [...prefix, value]));
  const rows = combinations.map((combination) => ({
    label: combination.map((value, i) => `${AXIS_LABELS[rowAxes[i]?.name ?? ''] ?? rowAxes[i]?.name} ${labelOf(rowAxes[i]?.name ?? '', value, jobNumbers)}`).join(' · '),
    cells: columnAxis.values.map((value) => {
      const key = placeKey([...combination, value]);
      return { key, job: byPlace.get(key) ?? null };
    }),
  }));
  return {
    columnAxis: columnAxis.name,
    columns: columnAxis.values.map((value) => `${AXIS_LABELS[columnAxis.name] ?? columnAxis.name} ${labelOf(columnAxis.name, value, jobNumbers)}`),
    rowAxes: rowAxes.map((axis) => axis.name),
    rows,
  };
}
