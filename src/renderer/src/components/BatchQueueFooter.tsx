import type { BatchEstimate } from '../../../shared/batch-spec';
import { formatUsd } from '../format/money';
import { formatRoughSeconds } from '../format/time';

const AXIS_WORDS: Record<string, string> = {
  job: 'jobs',
  prompt: 'prompts',
  negativePrompt: 'negative prompts',
  scheduler: 'schedulers',
  promptStrength: 'strengths',
  guidanceScale: 'guidance values',
  steps: 'step counts',
  numOutputs: 'output counts',
  seed: 'seeds',
};

/** "6 predictions · 12 images · about 2 min · ≈ $0.04": what the batch makes before anything is sent. */
function EstimateLine({ estimate }: { estimate: BatchEstimate }) {
  const axes = estimate.axes.map((axis) => `${axis.values.length} ${AXIS_WORDS[axis.name] ?? axis.name}`).join(' × ');
  return (
    <div className="batch-estimate" role="status" aria-label="Batch estimate">
      <p className="batch-estimate-main">
        <strong>
          {estimate.predictions.toLocaleString()} {estimate.predictions === 1 ? 'prediction' : 'predictions'}
        </strong>
        {' · '}
        {estimate.images.toLocaleString()} {estimate.images === 1 ? 'image' : 'images'}
        {' · about '}
        {formatRoughSeconds(estimate.wallSeconds)}
        {' · estimated cost '}
        <strong>{formatUsd(estimate.costUsd)}</strong>
      </p>
      <p className="field-help">
        {axes !== '' ? `${axes}. ` : ''}
        Cost is an estimate: about {formatRoughSeconds(estimate.predictSeconds)} of model time at {formatUsd(estimate.pricePerSecondUsd)} a second
        {estimate.basis === 'history' ? ' (time per step measured from your recent jobs)' : ' (a default until you have finished jobs)'}; the price per second is a setting.
      </p>
    </div>
  );
}

/**
 * The foot of a dialog that queues a batch: the estimate, what is wrong, the cost confirmation
 * over the threshold, Cancel and the queue button (a submit button: the dialog is a form).
 */
export function BatchQueueFooter(props: {
  estimate: BatchEstimate | null;
  messages: readonly string[];
  confirmed: boolean;
  onConfirm(confirmed: boolean): void;
  busy: boolean;
  /** Something outside the estimate stops it (the parameters in Compose have an error). */
  blocked: boolean;
  queueLabel: string;
  onCancel(): void;
}) {
  const { estimate } = props;
  const mustConfirm = estimate?.needsConfirmation === true;
  return (
    <footer className="modal-foot">
      {estimate !== null && <EstimateLine estimate={estimate} />}
      {props.messages.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      {mustConfirm && estimate !== null && (
        <label className="batch-confirm">
          <input type="checkbox" checked={props.confirmed} onChange={(event) => props.onConfirm(event.target.checked)} />
          I accept an estimated cost of {formatUsd(estimate.costUsd)}
        </label>
      )}
      <div className="modal-actions">
        <button type="button" className="button button--ghost" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={props.busy || props.blocked || estimate === null || (mustConfirm && !props.confirmed)}>
          {props.queueLabel}
        </button>
      </div>
    </footer>
  );
}
