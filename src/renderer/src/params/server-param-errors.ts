import type { FieldError } from '../../../shared/app-error';
import { paramNameForModelField } from '../../../shared/model-input';
import { isParamName, type ParamErrors } from './param-fields';

/**
 * Field errors from main or the service, keyed by the control they belong to. Main fills
 * `param`; a raw model field name (`input.num_outputs`) is mapped as a fallback.
 */
export function paramErrorsFromFields(fields: readonly FieldError[] | undefined): ParamErrors {
  const errors: ParamErrors = {};
  for (const field of fields ?? []) {
    const name = isParamName(field.param) ? field.param : paramNameForModelField(field.field);
    if (name !== undefined && errors[name] === undefined) errors[name] = field.message;
  }
  return errors;
}
