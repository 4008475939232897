/**
 * Variables as Flowable's REST API writes them: `{"name": "amount", "type": "integer",
 * "value": 5, "valueUrl": null, "scope": "local"}`. On the way in, a declared type is
 * checked and kept (so `long` stays `long`); an undeclared one is inferred from the JSON
 * value. Java's date-time types (`instant`, `localDate`, `localDateTime`) are stored as
 * `date`. Binary and serializable variables come as a multipart upload (variable-upload.ts);
 * in JSON they are refused with a 400 naming the variable.
 */
import { WeirError } from '../../errors.ts';
import type { StoredVariable, VariableType } from '../../engine/runtime-types.ts';
import { parseVariableType } from '../../engine/variables.ts';
import { variableOperationNames, type VariableCondition } from '../../persistence/rest-query-sql.ts';
import { putVariable, variableRecord } from '../../engine/own-variables.ts';
import { bytesRefOf } from '../../engine/variable-bytes.ts';
import Type, { type Static } from 'typebox';
import { NullableStr } from './context.ts';

/** One variable of a request body: `{name, type, value, valueUrl, scope}`. */
export const RestVariableBody = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    type: NullableStr(),
    value: Type.Optional(Type.Unknown()),
    valueUrl: NullableStr(),
    scope: Type.Optional(
      Type.Unsafe<'local' | 'global' | null>({ type: ['string', 'null'], enum: ['local', 'global', null] }),
    ),
  },
  { additionalProperties: false },
);

export type RestVariableInput = Static<typeof RestVariableBody>;

/** An optional list of variables that may also be null (`"variables": null`). */
export const RestVariableList = () =>
  Type.Optional(
    Type.Unsafe<RestVariableInput[] | null>({ type: ['array', 'null'], items: RestVariableBody }),
  );

const dateAliases = new Set(['instant', 'localDate', 'localDateTime']);

const restTypeOf = (name: string, type: string | null | undefined): VariableType | undefined => {
  if (type && dateAliases.has(type)) return 'date';
  if (type === 'binary' || type === 'serializable') {
    throw new WeirError(
      'WEIR_VARIABLE_TYPE',
      `Variable '${name}' of type '${type}' is created by a multipart/form-data upload (a file part with the fields name, type and scope), not in JSON`,
    );
  }
  return parseVariableType(name, type);
};

/** The JS value for the engine: dates become Date objects so that inference types them right. */
const engineValue = (name: string, type: VariableType | undefined, value: unknown): unknown => {
  if (value === undefined || value === null) return null;
  if (type === 'date') {
    const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      throw new WeirError(
        'WEIR_VARIABLE_TYPE',
        `Variable '${name}' of type 'date' has the value ${JSON.stringify(value)}, which is not a date`,
      );
    }
    return date;
  }
  return value;
};

export interface EngineVariables {
  values: Record<string, unknown>;
  types: Record<string, VariableType | undefined>;
}

export const toEngineVariables = (list: readonly RestVariableInput[] | null | undefined): EngineVariables => {
  const values = variableRecord<unknown>();
  const types = variableRecord<VariableType | undefined>();
  for (const variable of list ?? []) {
    if (variable.valueUrl) {
      throw new WeirError(
        'WEIR_VARIABLE_TYPE',
        `Variable '${variable.name}' has a valueUrl; Weir takes values inline only`,
      );
    }
    const type = restTypeOf(variable.name, variable.type);
    putVariable(values, variable.name, engineValue(variable.name, type, variable.value));
    putVariable(types, variable.name, type);
  }
  return { values, types };
};

export interface RestVariable {
  name: string;
  type: string | null;
  value: unknown;
  valueUrl: string | null;
  scope?: string;
}

/**
 * A binary or serializable variable answers no value: `valueUrl` names where its bytes are
 * (`.../variables/{name}/data`), when the caller passes that address.
 */
export const restVariable = (
  name: string,
  stored: Pick<StoredVariable, 'type' | 'value'>,
  scope?: 'local' | 'global',
  valueUrl?: string,
): RestVariable => {
  const bytes = bytesRefOf(stored) !== undefined;
  return {
    name,
    type: stored.type === 'null' ? null : stored.type,
    value: bytes ? null : (stored.value ?? null),
    valueUrl: bytes ? (valueUrl ?? null) : null,
    ...(scope ? { scope } : {}),
  };
};

export const restVariables = (
  vars: Record<string, StoredVariable> | undefined,
  scope?: 'local' | 'global',
  valueUrlOf?: (name: string) => string,
): RestVariable[] =>
  Object.entries(vars ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, v]) => restVariable(name, v, scope, valueUrlOf?.(name)));

// --- variable conditions of query bodies ---------------------------------------------------

/** One variable condition of a query body: `{name, value, operation, type}`. */
const QueryVariable = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    value: Type.Optional(Type.Unknown()),
    operation: Type.Optional(Type.Enum([...variableOperationNames], { type: 'string' })),
    type: NullableStr(),
  },
  { additionalProperties: false },
);

/** A query body's list of variable conditions. */
export const QueryVariables = (description?: string) =>
  Type.Optional(Type.Array(QueryVariable, description ? { description } : {}));

export type RestQueryVariable = Static<typeof QueryVariable>;

/** `{name, value, operation, type}` as the stored JSON value compares (dates as ISO strings). */
export const toVariableConditions = (list: readonly RestQueryVariable[] | undefined): VariableCondition[] =>
  (list ?? []).map((v) => {
    const type = restTypeOf(v.name, v.type);
    const value = engineValue(v.name, type, v.value);
    return {
      name: v.name,
      operation: (v.operation ?? 'equals') as VariableCondition['operation'],
      value: value instanceof Date ? value.toISOString() : value,
      ...(type ? { valueType: type } : {}),
    };
  });
