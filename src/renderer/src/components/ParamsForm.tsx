import type { ReactNode } from 'react';
import { useFileDrop } from '../hooks/use-file-drop';
import { PARAM_LIMITS, SCHEDULERS, type ParamName } from '../../../shared/model-input';
import { PARAM_LABELS, type ParamErrors } from '../params/param-fields';
import { useParamCheck } from '../params/use-param-check';
import { applyRecipeFrom } from '../recipes/recipe-drop';
import { setDraftField, useDraftStore } from '../store/draft';
import { RecipeNoticeBox } from './RecipeNoticeBox';
import { clearServerParamError, useUiStore } from '../store/ui';

const controlId = (name: ParamName): string => `param-${name}`;
const errorId = (name: ParamName): string => `param-${name}-error`;
const helpId = (name: ParamName): string => `param-${name}-help`;

type ControlProps = {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
};

type FieldProps = {
  name: ParamName;
  errors: ParamErrors;
  help?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
};

/** Label, control, help and error for one parameter, wired together for assistive tech. */
function Field({ name, errors, help, className, children }: FieldProps) {
  const error = errors[name];
  const describedBy = [help === undefined ? null : helpId(name), error === undefined ? null : errorId(name)]
    .filter((id): id is string => id !== null)
    .join(' ');
  return (
    <div className={['field', className ?? ''].join(' ')}>
      <label htmlFor={controlId(name)}>{PARAM_LABELS[name]}</label>
      {children({ id: controlId(name), 'aria-invalid': error !== undefined, 'aria-describedby': describedBy || undefined })}
      {help !== undefined && (
        <p id={helpId(name)} className="field-help">
          {help}
        </p>
      )}
      {error !== undefined && (
        <p id={errorId(name)} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function change(name: ParamName, value: string): void {
  setDraftField(name, value);
  clearServerParamError(name);
}

/**
 * A slider beside a number box, for quick dragging. It is hidden from assistive tech and
 * the tab order because the number box is the same control, with a name and an error.
 */
function Slider(props: { name: ParamName; min: number; max: number; step: number; value: string; fallback: number }) {
  const numeric = Number(props.value);
  const value = props.value.trim() !== '' && Number.isFinite(numeric) ? numeric : props.fallback;
  return (
    <input
      type="range"
      className="slider"
      aria-hidden="true"
      tabIndex={-1}
      min={props.min}
      max={props.max}
      step={props.step}
      value={Math.min(props.max, Math.max(props.min, value))}
      onChange={(event) => change(props.name, event.target.value)}
    />
  );
}

/** A whole-number parameter (outputs, steps, seed) within the model's limits. */
function WholeNumberInput(props: { name: 'numOutputs' | 'steps' | 'seed'; value: string; control: ControlProps; placeholder?: string }) {
  const { min, max } = PARAM_LIMITS[props.name];
  return (
    <input
      {...props.control}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      {...(props.placeholder ? { placeholder: props.placeholder } : {})}
      value={props.value}
      onChange={(event) => change(props.name, event.target.value)}
    />
  );
}

/** A decimal parameter as a number box (the real control) with a slider beside it. */
function NumberWithSlider(props: {
  name: 'guidanceScale' | 'promptStrength';
  step: number;
  value: string;
  fallback: number;
  control: ControlProps;
}) {
  const { min, max } = PARAM_LIMITS[props.name];
  return (
    <div className="number-with-slider">
      <input
        {...props.control}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={props.step}
        value={props.value}
        onChange={(event) => change(props.name, event.target.value)}
      />
      <Slider name={props.name} min={min} max={max} step={props.step} value={props.value} fallback={props.fallback} />
    </div>
  );
}

export function ParamsForm() {
  const fields = useDraftStore((state) => state.fields);
  const serverErrors = useUiStore((state) => state.serverParamErrors);
  const { errors: clientErrors } = useParamCheck();
  const { dragging, handlers } = useFileDrop((transfer) => {
    const file = transfer.files[0];
    if (file !== undefined) void applyRecipeFrom(file);
  });
  // What the artist typed is checked first; the service's complaint shows until that field changes.
  const errors: ParamErrors = { ...serverErrors, ...clientErrors };

  return (
    <div className={dragging ? 'params params--drop' : 'params'} aria-describedby="params-drop-hint" {...handlers}>
      <p id="params-drop-hint" className="params-drop-hint">
        Drop an image made by Redraw, AUTOMATIC1111, ComfyUI or InvokeAI here to use its parameters.
      </p>
      <RecipeNoticeBox />
      <Field name="prompt" errors={errors} className="field--wide">
        {(props) => (
          <textarea {...props} rows={3} value={fields.prompt} onChange={(event) => change('prompt', event.target.value)} />
        )}
      </Field>
      <Field name="negativePrompt" errors={errors} className="field--wide">
        {(props) => (
          <textarea
            {...props}
            rows={2}
            placeholder="What to keep out of the picture"
            value={fields.negativePrompt}
            onChange={(event) => change('negativePrompt', event.target.value)}
          />
        )}
      </Field>

      <Field
        name="promptStrength"
        errors={errors}
        className="field--wide"
        help={
          <>
            How much the prompt overrides the sketch: 0 keeps the sketch, 1.0 ignores the sketch entirely. Other tools
            call this denoising strength.
          </>
        }
      >
        {(props) => <NumberWithSlider name="promptStrength" step={0.05} value={fields.promptStrength} fallback={0.8} control={props} />}
      </Field>

      <Field name="guidanceScale" errors={errors} className="field--wide" help="How closely the picture follows the prompt.">
        {(props) => <NumberWithSlider name="guidanceScale" step={0.5} value={fields.guidanceScale} fallback={7.5} control={props} />}
      </Field>

      <Field name="scheduler" errors={errors}>
        {(props) => (
          <select {...props} value={fields.scheduler} onChange={(event) => change('scheduler', event.target.value)}>
            {SCHEDULERS.map((scheduler) => (
              <option key={scheduler} value={scheduler}>
                {scheduler}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="numOutputs" errors={errors}>
        {(props) => <WholeNumberInput name="numOutputs" value={fields.numOutputs} control={props} />}
      </Field>
      <Field name="steps" errors={errors}>
        {(props) => <WholeNumberInput name="steps" value={fields.steps} control={props} />}
      </Field>
      <Field name="seed" errors={errors} help="Blank for a new random seed each time.">
        {(props) => (
          <span className="seed-row">
            <WholeNumberInput name="seed" value={fields.seed} control={props} placeholder="random" />
            {/* One click back to a random seed after "Use these parameters" copied a job's own. */}
            <button type="button" className="button button--ghost button--small" disabled={fields.seed.trim() === ''} onClick={() => change('seed', '')}>
              New seed
            </button>
          </span>
        )}
      </Field>
    </div>
  );
}
