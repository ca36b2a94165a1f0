import { useEffect, useId, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { BatchEstimate } from '../../../shared/batch-spec';
import { SCHEDULERS } from '../../../shared/model-input';
import { call, toAppErrorData } from '../api/client';
import { EMPTY_BATCH_FORM, TEXT_MODE_WORDS, formToSpec, type BatchForm, type TextForm, type TextMode } from '../batches/batch-form';
import { useQueueBatch } from '../batches/use-queue-batch';
import { closeBatchDialog, useBatchDialogStore } from '../store/batch-dialog';
import { useDraftStore } from '../store/draft';
import { useSettingsStore } from '../store/settings';
import { clearSelection } from '../store/selection';
import { toast } from '../store/ui';
import { BatchQueueFooter } from './BatchQueueFooter';
import { Modal } from './Modal';

const ESTIMATE_DELAY_MS = 150;

function TextChangeFields({ label, value, onChange, allowVariants }: { label: string; value: TextForm; onChange(next: TextForm): void; allowVariants: boolean }) {
  const id = useId();
  const modes = (Object.keys(TEXT_MODE_WORDS) as TextMode[]).filter((mode) => allowVariants || mode !== 'variants');
  return (
    <fieldset className="batch-text">
      <div className="field">
        <label htmlFor={`${id}-mode`}>{label}</label>
        <select id={`${id}-mode`} value={value.mode} onChange={(event) => onChange({ ...value, mode: event.target.value as TextMode })}>
          {modes.map((mode) => (
            <option key={mode} value={mode}>
              {TEXT_MODE_WORDS[mode]}
            </option>
          ))}
        </select>
      </div>
      {(value.mode === 'replace' || value.mode === 'append') && (
        <div className="field">
          <label htmlFor={`${id}-text`}>{value.mode === 'replace' ? `New ${label.toLowerCase()}` : `Text to append to the ${label.toLowerCase()}`}</label>
          <textarea id={`${id}-text`} rows={2} value={value.text} onChange={(event) => onChange({ ...value, text: event.target.value })} />
        </div>
      )}
      {value.mode === 'find-replace' && (
        <div className="batch-pair">
          <div className="field">
            <label htmlFor={`${id}-find`}>Find in the {label.toLowerCase()}</label>
            <input id={`${id}-find`} value={value.find} onChange={(event) => onChange({ ...value, find: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-replace`}>Replace with</label>
            <input id={`${id}-replace`} value={value.replace} onChange={(event) => onChange({ ...value, replace: event.target.value })} />
          </div>
        </div>
      )}
      {value.mode === 'variants' && (
        <div className="field">
          <label htmlFor={`${id}-variants`}>{label} variants</label>
          <textarea id={`${id}-variants`} rows={3} value={value.variants} placeholder="One prompt per line" onChange={(event) => onChange({ ...value, variants: event.target.value })} />
        </div>
      )}
    </fieldset>
  );
}

function SweepField({ label, value, onChange, placeholder, error }: { label: string; value: string; onChange(next: string): void; placeholder: string; error: string | undefined }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        placeholder={placeholder}
        aria-invalid={error !== undefined}
        aria-describedby={error !== undefined ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Fields of the form that show their own error; anything else is said once for the form. */
const FIELDS_WITH_ERRORS = new Set(['promptStrength', 'guidanceScale', 'steps', 'numOutputs', 'seed', 'modelVersion']);

/** Field errors main reported for a spec, by the spec's top-level field (`modelVersion.value` -> `modelVersion`). */
function splitErrors(error: AppErrorData | null): { fields: Record<string, string>; general: string | null } {
  if (error === null) return { fields: {}, general: null };
  const fields: Record<string, string> = {};
  for (const field of error.fields ?? []) {
    const key = field.field.split('.')[0] ?? '';
    if (FIELDS_WITH_ERRORS.has(key)) fields[key] ??= field.message;
  }
  return { fields, general: Object.keys(fields).length === 0 ? error.message : null };
}

function BatchDialogBody({ jobIds }: { jobIds: readonly string[] }) {
  const [form, setForm] = useState<BatchForm>(EMPTY_BATCH_FORM);
  const [estimate, setEstimate] = useState<BatchEstimate | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const staged = useDraftStore((state) => state.input);
  const settingsModel = useSettingsStore((state) => state.view?.modelVersion ?? '');
  const spec = formToSpec(form, jobIds, staged?.inputId ?? null);
  const specKey = JSON.stringify(spec);
  const { busy, refusal, setRefusal, queue } = useQueueBatch((batch) => {
    toast(`Queued ${batch.total.toLocaleString()} ${batch.total === 1 ? 'prediction' : 'predictions'}: ${batch.name}`);
    clearSelection();
    closeBatchDialog();
  });

  // Asked of main as the artist types (main expands the same spec it will create). A changed
  // batch needs a new yes to its cost.
  useEffect(() => {
    setConfirmed(false);
    setRefusal(null);
    let current = true;
    const timer = setTimeout(() => {
      call('batches:estimate', JSON.parse(specKey) as typeof spec).then(
        (next) => {
          if (!current) return;
          setEstimate(next);
          setError(null);
        },
        (failure: unknown) => {
          if (!current) return;
          setEstimate(null);
          setError(toAppErrorData(failure));
        },
      );
    }, ESTIMATE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [specKey]);

  const set = <K extends keyof BatchForm>(key: K, value: BatchForm[K]): void => setForm((previous) => ({ ...previous, [key]: value }));
  // A refusal to queue (main's last word) is shown until the batch changes; else the estimate's.
  const { fields, general } = splitErrors(refusal ?? error);

  const send = () => call('batches:create', { spec, confirmedCostUsd: confirmed && estimate !== null ? estimate.costUsd : null });

  return (
    <form
      className="batch-form"
      onSubmit={(event) => {
        event.preventDefault();
        void queue(send);
      }}
    >
      <header className="modal-head">
        <h2>Batch re-run</h2>
        <p className="field-help">
          {jobIds.length.toLocaleString()} {jobIds.length === 1 ? 'job' : 'jobs'} selected. Leave a field empty to keep each job’s own value; a number field takes one value, a list (0.4, 0.6,
          0.8) or a range (0.3-0.9 step 0.1), and every combination is run.
        </p>
      </header>
      <div className="batch-grid">
        <TextChangeFields label="Prompt" value={form.prompt} onChange={(next) => set('prompt', next)} allowVariants />
        <TextChangeFields label="Negative prompt" value={form.negativePrompt} onChange={(next) => set('negativePrompt', next)} allowVariants={false} />
        <div className="batch-numbers">
          <SweepField label="Prompt strength" placeholder="keep" value={form.promptStrength} onChange={(v) => set('promptStrength', v)} error={fields.promptStrength} />
          <SweepField label="Guidance scale" placeholder="keep" value={form.guidanceScale} onChange={(v) => set('guidanceScale', v)} error={fields.guidanceScale} />
          <SweepField label="Steps" placeholder="keep" value={form.steps} onChange={(v) => set('steps', v)} error={fields.steps} />
          <SweepField label="Outputs per prediction" placeholder="keep" value={form.numOutputs} onChange={(v) => set('numOutputs', v)} error={fields.numOutputs} />
        </div>
        <fieldset className="batch-choices">
          <legend>Scheduler</legend>
          <p className="field-help">None ticked: each job’s own. Several: one run each.</p>
          <div className="batch-chips">
            {SCHEDULERS.map((scheduler) => (
              <label key={scheduler} className="batch-chip">
                <input
                  type="checkbox"
                  checked={form.schedulers.includes(scheduler)}
                  onChange={(event) =>
                    set('schedulers', event.target.checked ? [...form.schedulers, scheduler] : form.schedulers.filter((s) => s !== scheduler))
                  }
                />
                {scheduler}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="batch-choices">
          <legend>Seed</legend>
          <label className="batch-radio">
            <input type="radio" name="seed-mode" checked={form.seedMode === 'keep'} onChange={() => set('seedMode', 'keep')} />
            Keep each job’s seed (reproduce it)
          </label>
          <label className="batch-radio">
            <input type="radio" name="seed-mode" checked={form.seedMode === 'random'} onChange={() => set('seedMode', 'random')} />
            New random seeds
          </label>
          <label className="batch-radio">
            <input type="radio" name="seed-mode" checked={form.seedMode === 'values'} onChange={() => set('seedMode', 'values')} />
            Fixed seed or seeds
          </label>
          {form.seedMode === 'values' && <SweepField label="Seeds" placeholder="e.g. 42, or 1-4 step 1" value={form.seed} onChange={(v) => set('seed', v)} error={fields.seed} />}
        </fieldset>
        <fieldset className="batch-choices">
          <legend>Input</legend>
          <label className="batch-radio">
            <input type="radio" name="input-mode" checked={form.inputMode === 'own'} onChange={() => set('inputMode', 'own')} />
            Each job’s own sketch
          </label>
          <label className="batch-radio">
            <input type="radio" name="input-mode" disabled={staged === null} checked={form.inputMode === 'one'} onChange={() => set('inputMode', 'one')} />
            {staged === null ? 'One new sketch for all (stage a sketch in Compose first)' : `One sketch for all: ${staged.sourceName}`}
          </label>
        </fieldset>
        <fieldset className="batch-choices">
          <legend>Model version</legend>
          <label className="batch-radio">
            <input type="radio" name="model-mode" checked={form.modelMode === 'settings'} onChange={() => set('modelMode', 'settings')} />
            The one in Settings
          </label>
          <label className="batch-radio">
            <input type="radio" name="model-mode" checked={form.modelMode === 'keep'} onChange={() => set('modelMode', 'keep')} />
            Each job’s own (as it ran)
          </label>
          <label className="batch-radio">
            <input
              type="radio"
              name="model-mode"
              checked={form.modelMode === 'set'}
              onChange={() => setForm((previous) => ({ ...previous, modelMode: 'set', modelVersion: previous.modelVersion || settingsModel }))}
            />
            One for the whole batch
          </label>
          {form.modelMode === 'set' && (
            <div className="field">
              <label htmlFor="batch-model">Model version to use</label>
              <input
                id="batch-model"
                value={form.modelVersion}
                spellCheck={false}
                aria-invalid={fields.modelVersion !== undefined}
                onChange={(event) => set('modelVersion', event.target.value)}
              />
              {fields.modelVersion !== undefined && <p className="field-error">{fields.modelVersion}</p>}
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="batch-name">Batch name (optional)</label>
          <input id="batch-name" value={form.name} maxLength={200} onChange={(event) => set('name', event.target.value)} />
        </div>
      </div>
      <BatchQueueFooter
        estimate={estimate}
        messages={general === null ? [] : [general]}
        confirmed={confirmed}
        onConfirm={setConfirmed}
        busy={busy}
        blocked={false}
        queueLabel="Queue batch"
        onCancel={closeBatchDialog}
      />
    </form>
  );
}

/** The Batch re-run dialog, while it is open. */
export function BatchDialog() {
  const jobIds = useBatchDialogStore((state) => state.jobIds);
  if (jobIds === null) return null;
  return (
    <Modal label="Batch re-run" onClose={closeBatchDialog} className="batch-dialog">
      <BatchDialogBody jobIds={jobIds} />
    </Modal>
  );
}
