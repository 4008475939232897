/**
 * A form's values both ways. Showing: each field takes its variable's value (a date as
 * `yyyy-MM-dd`), an expression field or a `${...}` default its evaluation. Submitting: every
 * field is checked (required, type, options) and the whole submission answered at once with a
 * 400 naming each bad field; good values become typed variables, as Flowable's form engine
 * types them (integer: long, decimal and amount: double, date: a date, options and people:
 * their id, upload: the content item ids, comma-separated), and an outcome sets
 * `form_<key>_outcome` (or the form's `outcomeVariableName`).
 */
import { WeirError } from '../errors.ts';
import { compileExpression, isExpressionText } from '../expression/index.ts';
import type { VariableType } from '../engine/runtime-types.ts';
import { DISPLAY_TYPES, takesManyFiles, type FormField, type FormModel } from './form-model.ts';

type Variables = Readonly<Record<string, unknown>>;

const DISPLAY = new Set<string>(DISPLAY_TYPES);

const evaluate = (text: string, variables: Variables): unknown => {
  try {
    return compileExpression(text).evaluate({
      resolve: (name) =>
        Object.hasOwn(variables, name) ? { found: true, value: variables[name] } : { found: false },
    });
  } catch {
    // an expression over variables that are not there (yet) shows nothing, as an unset variable does
    return null;
  }
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** A date variable as a date field shows it: `yyyy-MM-dd`. */
const dayOf = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(value)))
    return value.slice(0, 10);
  return value;
};

/** The fields with their current values, from `variables` (none: the form's defaults). */
export const fieldsWithValues = (model: FormModel, variables: Variables): FormField[] =>
  model.fields.map((field) => {
    let value: unknown;
    if (field.type === 'expression') value = evaluate(field.expression ?? '', variables);
    else if (Object.hasOwn(variables, field.id) && variables[field.id] !== undefined)
      value = variables[field.id];
    else if (typeof field.value === 'string' && isExpressionText(field.value))
      value = evaluate(field.value, variables);
    else value = field.value;
    if (field.type === 'upload') return { ...field, value: uploadIdsIn(value) ?? null };
    return { ...field, value: field.type === 'date' ? dayOf(value) : (value ?? null) };
  });

/**
 * The content item ids an upload field's value names, as Flowable's clients send them: one
 * comma-separated string (its form engine's own shape), a list of ids or of items with an `id`,
 * or one such item. `undefined` when the value is none of these.
 */
export const uploadIdsIn = (value: unknown): string[] | undefined => {
  const one = typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : undefined;
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : one;
  if (list === undefined) return undefined;
  const ids = list.map((entry) => idOf(entry));
  if (!ids.every((id): id is string => typeof id === 'string')) return undefined;
  return ids.map((id) => id.trim()).filter((id) => id !== '');
};

/** Why the items named by an upload field may not be attached by this submission, or null. */
export type UploadCheck = (field: FormField, ids: readonly string[]) => string | null;

export interface FormSubmission {
  readonly variables: Record<string, unknown>;
  readonly types: Record<string, VariableType>;
  /** what the form instance records: each field's value as submitted, after conversion */
  readonly values: Record<string, unknown>;
  readonly outcome: string | null;
  /** the content items each upload field names, to link to the task or instance */
  readonly uploads: readonly { readonly fieldId: string; readonly ids: readonly string[] }[];
}

export interface FieldProblem {
  readonly id: string;
  readonly message: string;
}

type Converted = { value: unknown; type: VariableType } | { problem: string };

const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

const idOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? ((value as Record<string, unknown>).id ?? (value as Record<string, unknown>).name)
    : value;

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

const convertUpload = (field: FormField, given: unknown, check: UploadCheck | undefined): Converted => {
  const ids = uploadIdsIn(given);
  if (ids === undefined) return { problem: `${shown(given)} is not a content item id (or a list of them)` };
  if (ids.length > 1 && !takesManyFiles(field))
    return { problem: `takes one file, not ${ids.length} (set params.multiple for more)` };
  const refused = check ? check(field, ids) : null;
  return refused !== null ? { problem: refused } : { value: ids.join(','), type: 'string' };
};

const convert = (field: FormField, given: unknown, check?: UploadCheck): Converted => {
  switch (field.type) {
    case 'upload':
      return convertUpload(field, given, check);
    case 'integer': {
      const number = typeof given === 'string' && INTEGER.test(given.trim()) ? Number(given) : given;
      return typeof number === 'number' && Number.isSafeInteger(number)
        ? { value: number, type: 'long' }
        : { problem: `${shown(given)} is not an integer` };
    }
    case 'decimal':
    case 'amount': {
      const number = typeof given === 'string' && DECIMAL.test(given.trim()) ? Number(given) : given;
      return typeof number === 'number' && Number.isFinite(number)
        ? { value: number, type: 'double' }
        : { problem: `${shown(given)} is not a number` };
    }
    case 'boolean': {
      if (typeof given === 'boolean') return { value: given, type: 'boolean' };
      const text = typeof given === 'string' ? given.trim().toLowerCase() : '';
      return text === 'true' || text === 'false'
        ? { value: text === 'true', type: 'boolean' }
        : { problem: `${shown(given)} is not a boolean (true or false)` };
    }
    case 'date': {
      const match = typeof given === 'string' ? DAY.exec(given.trim()) : null;
      const date = match
        ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
        : null;
      const exact = date !== null && match !== null && date.toISOString().slice(0, 10) === match[0];
      return exact
        ? { value: date, type: 'date' }
        : { problem: `${shown(given)} is not a date (yyyy-MM-dd)` };
    }
    case 'dropdown':
    case 'radio-buttons': {
      const id = idOf(given);
      if (typeof id !== 'string') return { problem: `${shown(given)} is not one of the options` };
      const known = (field.options ?? []).map((o) => o.id ?? o.name);
      if (field.optionsExpression || known.includes(id)) return { value: id, type: 'string' };
      return { problem: `'${id}' is not one of the options (${known.join(', ')})` };
    }
    case 'people':
    case 'functional-group': {
      const id = idOf(given);
      return typeof id === 'string' || typeof id === 'number'
        ? { value: String(id), type: 'string' }
        : { problem: `${shown(given)} is not a ${field.type === 'people' ? 'user' : 'group'} id` };
    }
    default:
      return typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean'
        ? { value: String(given), type: 'string' }
        : { problem: `${shown(given)} is not text` };
  }
};

/** The empty choice of a dropdown that offers one (`hasEmptyValue`: its first option). */
const isEmptyChoice = (field: FormField, given: unknown): boolean => {
  if (!field.hasEmptyValue) return false;
  const first = field.options?.[0];
  return first !== undefined && idOf(given) === (first.id ?? first.name);
};

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

/** An upload field given no file: an empty list, or a string of commas. */
const isNoUpload = (field: FormField, given: unknown): boolean =>
  field.type === 'upload' && uploadIdsIn(given)?.length === 0;

export const outcomeVariableOf = (model: FormModel): string =>
  model.outcomeVariableName ?? `form_${model.key}_outcome`;

/**
 * Check `given` (field id -> value) against the form and turn it into variables. Fields the
 * form does not have, read-only fields and display fields are not written, as in Flowable.
 * With `validate` false (`flowable:formFieldValidation="false"`) nothing is refused: a value
 * that does not convert is kept as given.
 */
export const readFormSubmission = (
  model: FormModel,
  given: Variables,
  outcome: string | null | undefined,
  validate = true,
  checkUpload?: UploadCheck,
): FormSubmission => {
  const problems: FieldProblem[] = [];
  const variables: Record<string, unknown> = {};
  const types: Record<string, VariableType> = {};
  const values: Record<string, unknown> = {};
  const uploads: { fieldId: string; ids: string[] }[] = [];
  for (const field of model.fields) {
    if (DISPLAY.has(field.type) || field.readOnly) continue;
    const raw = given[field.id];
    if (isEmpty(raw) || isEmptyChoice(field, raw) || isNoUpload(field, raw)) {
      if (field.required && validate) problems.push({ id: field.id, message: 'is required' });
      if (raw === null || raw === '') {
        variables[field.id] = null;
        types[field.id] = 'null';
        values[field.id] = null;
      }
      continue;
    }
    const converted = convert(field, raw, checkUpload);
    if ('problem' in converted) {
      if (validate) problems.push({ id: field.id, message: converted.problem });
      else {
        variables[field.id] = raw;
        types[field.id] = typeof raw === 'string' ? 'string' : 'json';
        values[field.id] = raw;
      }
      continue;
    }
    variables[field.id] = converted.value;
    types[field.id] = converted.type;
    values[field.id] = converted.value instanceof Date ? dayOf(converted.value) : converted.value;
    if (field.type === 'upload') {
      const ids = uploadIdsIn(raw)!;
      uploads.push({ fieldId: field.id, ids });
      values[field.id] = ids;
    }
  }
  if (!isEmpty(outcome)) {
    const known = model.outcomes.flatMap((o) => [o.id, o.name]).filter((x) => x !== null);
    if (validate && known.length > 0 && !known.includes(outcome!))
      problems.push({
        id: 'outcome',
        message: `'${outcome}' is not one of the outcomes (${known.join(', ')})`,
      });
    variables[outcomeVariableOf(model)] = outcome;
    types[outcomeVariableOf(model)] = 'string';
  }
  if (problems.length > 0) {
    throw new WeirError(
      'WEIR_FORM_INVALID',
      `Form '${model.key}' is invalid: ${problems.map((p) => `field '${p.id}': ${p.message}`).join('; ')}`,
      { details: { fields: problems } },
    );
  }
  return { variables, types, values, outcome: isEmpty(outcome) ? null : outcome!, uploads };
};
