import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { checkParamFields, fieldsFromParams } from './param-fields';
import { paramErrorsFromFields } from './server-param-errors';

const defaults = fieldsFromParams(DEFAULT_PARAMS);

describe('checkParamFields', () => {
  it('round-trips the defaults', () => {
    expect(checkParamFields(defaults)).toEqual({ params: DEFAULT_PARAMS, errors: {} });
  });

  it('reads a blank seed as random and a typed one as a number', () => {
    expect(checkParamFields({ ...defaults, seed: '  ' }).params?.seed).toBeNull();
    expect(checkParamFields({ ...defaults, seed: '1234' }).params?.seed).toBe(1234);
  });

  it('names each bad field with the shared schema’s message', () => {
    const { params, errors } = checkParamFields({
      ...defaults,
      steps: '0',
      guidanceScale: '25',
      numOutputs: '',
      seed: '1.5',
      promptStrength: 'abc',
    });
    expect(params).toBeNull();
    expect(errors).toEqual({
      steps: 'Steps must be at least 1',
      guidanceScale: 'Guidance scale must be at most 20',
      numOutputs: 'Number of outputs is required',
      seed: 'Seed must be a whole number',
      promptStrength: 'Prompt strength must be a number',
    });
  });

  it('refuses a scheduler the model does not have', () => {
    expect(checkParamFields({ ...defaults, scheduler: 'EULER_X' }).errors.scheduler).toMatch(/schedulers/);
  });
});

describe('paramErrorsFromFields', () => {
  it('uses the param main named, else maps the model field name', () => {
    expect(
      paramErrorsFromFields([
        { param: 'steps', field: 'input.num_inference_steps', message: 'too many' },
        { param: null, field: 'input.num_outputs', message: 'at most 4 here' },
        { param: null, field: 'input.mask', message: 'ignored: no control for it' },
      ]),
    ).toEqual({ steps: 'too many', numOutputs: 'at most 4 here' });
  });
});
