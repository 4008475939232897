/**
 * Form values as Flowable's REST API sends them with a task completion or a process start: a
 * list of REST variables, whose names are field ids. The values are taken as sent (the form,
 * not the variable's declared type, says what each becomes) and checked by the form engine.
 */
import type { RestVariableInput } from '../variables.ts';

export const formValuesOf = (
  variables: readonly RestVariableInput[] | null | undefined,
): Record<string, unknown> => Object.fromEntries((variables ?? []).map((v) => [v.name, v.value ?? null]));
