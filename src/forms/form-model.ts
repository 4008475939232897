/**
 * Form definitions: Flowable's `.form` JSON (a `SimpleFormModel`: key, name, description,
 * fields, outcomes) read and checked at deployment, every problem at once, each naming the
 * resource, the field and what is wrong. The result is the normalised model the REST API
 * answers, with each field in Flowable's serialised shape (`fieldType` FormField,
 * OptionFormField or ExpressionFormField).
 */
import { compileExpression, isExpressionText } from '../expression/index.ts';

/** Field types that hold a value a user enters. */
export const VALUE_TYPES = [
  'text',
  'multi-line-text',
  'password',
  'integer',
  'decimal',
  'amount',
  'boolean',
  'date',
  'dropdown',
  'radio-buttons',
  'people',
  'functional-group',
  'hyperlink',
  'upload',
] as const;
/** Field types that only show something: no value is submitted for them. */
export const DISPLAY_TYPES = [
  'expression',
  'spacer',
  'horizontal-line',
  'headline',
  'headline-with-line',
] as const;
const OPTION_TYPES = new Set(['dropdown', 'radio-buttons']);
const KNOWN_TYPES = new Set<string>([...VALUE_TYPES, ...DISPLAY_TYPES]);

export interface FormOption {
  readonly id: string | null;
  readonly name: string | null;
}

export interface FormField {
  readonly fieldType: 'FormField' | 'OptionFormField' | 'ExpressionFormField';
  readonly id: string;
  readonly name: string | null;
  readonly type: string;
  readonly value: unknown;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly overrideId: boolean;
  readonly placeholder: string | null;
  readonly layout: { readonly row: number | null } | null;
  readonly params?: Readonly<Record<string, unknown>>;
  // OptionFormField
  readonly optionType?: string | null;
  readonly hasEmptyValue?: boolean | null;
  readonly options?: readonly FormOption[];
  readonly optionsExpression?: string | null;
  // ExpressionFormField
  readonly expression?: string | null;
}

export interface FormOutcome {
  readonly id: string | null;
  readonly name: string | null;
}

export interface FormModel {
  readonly key: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly fields: readonly FormField[];
  readonly outcomes: readonly FormOutcome[];
  readonly outcomeVariableName: string | null;
}

export type FormParse = { model: FormModel; problems: [] } | { model?: undefined; problems: string[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Problems are collected, not thrown: a form with three mistakes is fixed in one round. */
class Problems {
  readonly list: string[] = [];
  readonly #resource: string;
  constructor(resource: string) {
    this.#resource = resource;
  }
  add(where: string, what: string): void {
    this.list.push(`${this.#resource}: ${where}: ${what}`);
  }
}

/** A boolean param as the form designer writes it: true, false, 'true', 'false', or absent. */
const isFlag = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  typeof value === 'boolean' ||
  value === 'true' ||
  value === 'false';

/** Whether an upload field takes several files (`params.multiple`). */
export const takesManyFiles = (field: Pick<FormField, 'params'>): boolean =>
  field.params?.multiple === true || field.params?.multiple === 'true';

const checkExpression = (problems: Problems, where: string, text: unknown): void => {
  if (typeof text !== 'string' || !isExpressionText(text)) return;
  try {
    compileExpression(text);
  } catch (error) {
    problems.add(where, `expression '${text}' does not parse (${(error as Error).message})`);
  }
};

const optionalText = (problems: Problems, where: string, json: Json, name: string): string | null => {
  const value = json[name];
  if (value !== undefined && value !== null && typeof value !== 'string')
    problems.add(where, `'${name}' must be a string`);
  return str(value);
};

const flag = (problems: Problems, where: string, json: Json, name: string): boolean => {
  const value = json[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') {
    problems.add(where, `'${name}' must be true or false`);
    return false;
  }
  return value;
};

const readOptions = (problems: Problems, where: string, json: Json): FormOption[] => {
  const raw = json.options;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add(where, `'options' must be a list of {id, name}`);
    return [];
  }
  return raw.flatMap((option, index) => {
    if (!isObject(option) || (str(option.id) === null && str(option.name) === null)) {
      problems.add(where, `option #${index + 1} needs an id or a name`);
      return [];
    }
    return [{ id: str(option.id), name: str(option.name) }];
  });
};

const readField = (problems: Problems, json: unknown, index: number, seen: Set<string>): FormField[] => {
  if (!isObject(json)) {
    problems.add(`field #${index + 1}`, 'must be a JSON object');
    return [];
  }
  const id = str(json.id)?.trim() ?? '';
  const where = id ? `field '${id}'` : `field #${index + 1}`;
  if (!id) problems.add(where, "needs an 'id'");
  else if (seen.has(id)) problems.add(where, 'is declared twice');
  seen.add(id);
  const type = str(json.type) ?? '';
  if (type === 'container') {
    problems.add(where, "type 'container' is not supported (put the fields at the top level)");
  } else if (!KNOWN_TYPES.has(type)) {
    problems.add(where, `unknown type '${type}' (known: ${[...KNOWN_TYPES].join(', ')})`);
  }
  const params = json.params;
  if (params !== undefined && params !== null && !isObject(params))
    problems.add(where, "'params' must be a JSON object");
  if (type === 'upload' && isObject(params) && !isFlag(params.multiple))
    problems.add(where, "'params.multiple' must be true or false");
  const layout = json.layout;
  if (layout !== undefined && layout !== null && !isObject(layout))
    problems.add(where, "'layout' must be a JSON object");
  checkExpression(problems, where, json.value);
  const base = {
    id,
    name: optionalText(problems, where, json, 'name'),
    type,
    value: json.value ?? null,
    required: flag(problems, where, json, 'required'),
    readOnly: flag(problems, where, json, 'readOnly') || type === 'expression',
    overrideId: flag(problems, where, json, 'overrideId'),
    placeholder: optionalText(problems, where, json, 'placeholder'),
    layout: isObject(layout) ? { row: typeof layout.row === 'number' ? layout.row : null } : null,
    ...(isObject(params) && Object.keys(params).length > 0 ? { params } : {}),
  };
  if (OPTION_TYPES.has(type) || json.fieldType === 'OptionFormField') {
    const options = readOptions(problems, where, json);
    const optionsExpression = optionalText(problems, where, json, 'optionsExpression');
    checkExpression(problems, where, optionsExpression);
    if (OPTION_TYPES.has(type) && options.length === 0 && optionsExpression === null)
      problems.add(where, `a ${type} field needs 'options' or an 'optionsExpression'`);
    return [
      {
        fieldType: 'OptionFormField',
        ...base,
        optionType: optionalText(problems, where, json, 'optionType'),
        hasEmptyValue: typeof json.hasEmptyValue === 'boolean' ? json.hasEmptyValue : null,
        options,
        optionsExpression,
      },
    ];
  }
  if (type === 'expression' || json.fieldType === 'ExpressionFormField') {
    const expression = optionalText(problems, where, json, 'expression') ?? str(json.value);
    if (type === 'expression' && expression === null)
      problems.add(where, "an expression field needs an 'expression' (or a 'value')");
    checkExpression(problems, where, expression);
    return [{ fieldType: 'ExpressionFormField', ...base, expression }];
  }
  return [{ fieldType: 'FormField', ...base }];
};

const readOutcomes = (problems: Problems, raw: unknown): FormOutcome[] => {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add('outcomes', 'must be a list of {id, name}');
    return [];
  }
  return raw.flatMap((outcome, index) => {
    if (!isObject(outcome) || (str(outcome.id) === null && str(outcome.name) === null)) {
      problems.add(`outcome #${index + 1}`, 'needs an id or a name');
      return [];
    }
    return [{ id: str(outcome.id), name: str(outcome.name) }];
  });
};

/** Read and check one `.form` resource. */
export const parseFormDefinition = (resourceName: string, content: string): FormParse => {
  const problems = new Problems(resourceName);
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { problems: [`${resourceName}: is not valid JSON (${(error as Error).message})`] };
  }
  if (!isObject(json)) return { problems: [`${resourceName}: must be a JSON object`] };
  const key = str(json.key)?.trim() ?? '';
  if (!key) problems.add('form', "needs a 'key'");
  else if (key.includes(':')) problems.add('form', `key '${key}' may not contain ':'`);
  if (json.fields !== undefined && !Array.isArray(json.fields))
    problems.add('form', "'fields' must be a list");
  const seen = new Set<string>();
  const fields = (Array.isArray(json.fields) ? json.fields : []).flatMap((field, index) =>
    readField(problems, field, index, seen),
  );
  const model: FormModel = {
    key,
    name: optionalText(problems, 'form', json, 'name'),
    description: optionalText(problems, 'form', json, 'description'),
    fields,
    outcomes: readOutcomes(problems, json.outcomes),
    outcomeVariableName: optionalText(problems, 'form', json, 'outcomeVariableName'),
  };
  return problems.list.length > 0 ? { problems: problems.list } : { model, problems: [] };
};

export const isFormResource = (name: string): boolean => name.toLowerCase().endsWith('.form');
