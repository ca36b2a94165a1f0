import { useMemo } from 'react';
import { useDraftStore } from '../store/draft';
import { checkParamFields, type ParamCheck } from './param-fields';

/** The draft's parameters, checked with the shared schema; recomputed only when a field changes. */
export function useParamCheck(): ParamCheck {
  const fields = useDraftStore((state) => state.fields);
  return useMemo(() => checkParamFields(fields), [fields]);
}
