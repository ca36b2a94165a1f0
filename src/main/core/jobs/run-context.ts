import type { Dispatcher } from 'undici';
import type { Job } from '../../../shared/job';
import type { Prediction } from '../api/prediction-shapes';
import type { ReplicateClient } from '../api/replicate-client';
import type { JobFiles } from '../library/job-files';
import type { Clock, PersistMode } from '../catalog/job-store';
import type { CreatePacer } from './create-pacer';
import type { ClaimedPredictions } from './reconcile-create';

export type { Clock, PersistMode };

/** Everything one job's run needs; built by the engine, one per run. */
export type RunContext = {
  jobId: string;
  client: ReplicateClient;
  dispatcher: Dispatcher | undefined;
  files: JobFiles;
  clock: Clock;
  /** Aborts every request of this run when the artist cancels or the app closes. */
  signal: AbortSignal;
  /**
   * Aborts a create in flight only when the app closes. A cancel does not abort it: an aborted
   * create may still have made a prediction we would then not know about; instead the run
   * cancels that prediction on the server once the create answers.
   */
  createSignal: AbortSignal;
  cancelRequested(): boolean;
  job(): Job;
  /**
   * Applies a change through the job store, which writes it and tells the renderer. `throttled`
   * is for log and progress ticks: shown at once, written about once a second.
   */
  update(patch: Partial<Job>, options?: { persist?: PersistMode }): Promise<Job>;
  /** Base URLs known to have no Files API (remembered for the session). */
  noFilesApi: Set<string>;
  pacer: CreatePacer;
  /**
   * Looks for a prediction this job may have made without hearing back, among those no
   * other job has claimed; one search at a time, so two jobs with identical inputs cannot
   * both claim the same prediction.
   */
  reconcile(search: (claimed: ClaimedPredictions) => Promise<Prediction | null>): Promise<Prediction | null>;
};

export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
