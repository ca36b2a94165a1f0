import type { ExportResult } from '../../../shared/ipc-contract';

const count = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * What the toast says of a finished export: how much went where, and what was left out with the
 * first reason (the rest are in the export's manifest.json).
 */
export function exportSummary(result: ExportResult & { savedTo: string }): string {
  const done = `Exported ${count(result.jobs, 'job', 'jobs')} (${count(result.files, 'file', 'files')}) to ${result.savedTo}`;
  const [first, ...others] = result.skipped;
  if (first === undefined) return done;
  const more = others.length === 0 ? '' : ` (and ${others.length.toLocaleString()} more: see manifest.json)`;
  return `${done}. ${count(result.skipped.length, 'job', 'jobs')} skipped: ${first.why.replace(/\.$/, '')}${more}.`;
}
