import { toAppErrorData } from '../api/client';
import { showError } from '../store/ui';

/**
 * Runs an action on jobs (a call to main and what the page says of it). A refusal is shown as
 * the job actions' error and the page carries on. Resolves to whether it worked.
 */
export async function jobAction(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    showError(toAppErrorData(error), 'job-action');
    return false;
  }
}
