/**
 * The search API's query body: its filters as TypeBox schemas (one per kind of list), and
 * their translation into the index's query. Variable conditions take Flowable's shape
 * `{name, operation, value, type}`; `type` is optional (a JSON number is a number, a boolean a
 * boolean, text a string) and `date` compares ISO-8601 values as instants.
 */
import Type, { type Static } from 'typebox';
import { WeirError } from '../../../errors.ts';
import type {
  SearchOperation,
  SearchValueType,
  SearchVariableCondition,
} from '../../../persistence/search-query-sql.ts';
import { Bool, Str, StrList } from '../list-route.ts';

const operations = [
  'equals',
  'notEquals',
  'greaterThan',
  'greaterThanOrEquals',
  'lessThan',
  'lessThanOrEquals',
  'like',
  'likeIgnoreCase',
  'equalsIgnoreCase',
  'notEqualsIgnoreCase',
] as const satisfies readonly SearchOperation[];

const VariableFilter = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    operation: Type.Optional(Type.Enum(operations, { type: 'string' })),
    value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
    type: Type.Optional(
      Type.Enum(['string', 'short', 'integer', 'long', 'double', 'number', 'boolean', 'date'], {
        type: 'string',
      }),
    ),
  },
  { additionalProperties: false },
);
type VariableFilter = Static<typeof VariableFilter>;

const VariableFilters = (description: string) => Type.Optional(Type.Array(VariableFilter, { description }));

const common = {
  text: Str('Full text over names, descriptions, business keys, comments and string variables'),
  processDefinitionKey: Str(),
  processDefinitionId: Str(),
  processInstanceId: Str(),
  businessKey: Str(),
  tenantId: Str(),
  state: Str('active, suspended; on historic instances also completed or deleted'),
};

export const taskSearchFilters = {
  ...common,
  taskDefinitionKey: Str(),
  assignee: Str(),
  owner: Str(),
  unassigned: Bool(),
  candidateUser: Str('Tasks the user is a candidate of, directly or through a group (unassigned ones)'),
  candidateGroups: StrList(),
  createdAfter: Str(),
  createdBefore: Str(),
  dueAfter: Str(),
  dueBefore: Str(),
  taskVariables: VariableFilters("Conditions on the task's own variables"),
  processInstanceVariables: VariableFilters("Conditions on the variables of the task's process instance"),
};

export const instanceSearchFilters = {
  ...common,
  startedBy: Str(),
  startedAfter: Str(),
  startedBefore: Str(),
  variables: VariableFilters("Conditions on the instance's variables"),
};

export const caseSearchFilters = {
  text: Str('Full text over the name, business key, case definition name and string variables'),
  caseDefinitionKey: Str(),
  caseDefinitionId: Str(),
  businessKey: Str(),
  tenantId: Str(),
  state: Str('active, completed or terminated'),
  startedBy: Str(),
  startedAfter: Str(),
  startedBefore: Str(),
  finished: Bool(),
  finishedAfter: Str(),
  finishedBefore: Str(),
  variables: VariableFilters("Conditions on the case's variables"),
};

export const historicInstanceSearchFilters = {
  ...instanceSearchFilters,
  finished: Bool(),
  finishedAfter: Str(),
  finishedBefore: Str(),
};

const typeOf = (filter: VariableFilter): SearchValueType => {
  switch (filter.type) {
    case 'string':
    case 'boolean':
    case 'date':
      return filter.type;
    case undefined:
      return typeof filter.value === 'number'
        ? 'number'
        : typeof filter.value === 'boolean'
          ? 'boolean'
          : 'string';
    default:
      return 'number';
  }
};

const textOnly = new Set<SearchOperation>([
  'like',
  'likeIgnoreCase',
  'equalsIgnoreCase',
  'notEqualsIgnoreCase',
]);
const ordering = new Set<SearchOperation>([
  'greaterThan',
  'greaterThanOrEquals',
  'lessThan',
  'lessThanOrEquals',
]);

const bad = (filter: VariableFilter, why: string) =>
  new WeirError('WEIR_ILLEGAL_ARGUMENT', `Variable condition on '${filter.name}': ${why}`);

/** One condition, checked: the operation fits the type, the value is of the type. */
export const variableCondition = (
  scope: SearchVariableCondition['scope'],
  filter: VariableFilter,
): SearchVariableCondition => {
  const type = typeOf(filter);
  const operation = filter.operation ?? 'equals';
  if (textOnly.has(operation) && type !== 'string')
    throw bad(filter, `'${operation}' applies to string values only`);
  if (ordering.has(operation) && type === 'boolean')
    throw bad(filter, `'${operation}' does not apply to boolean values`);
  let value: string | number | boolean = filter.value;
  if (type === 'number') {
    value = typeof filter.value === 'number' ? filter.value : Number(filter.value);
    if (typeof filter.value === 'boolean' || !Number.isFinite(value))
      throw bad(filter, 'the value is not a number');
  } else if (type === 'boolean') {
    if (typeof filter.value !== 'boolean') throw bad(filter, 'the value is not a boolean');
  } else if (type === 'date') {
    const date = typeof filter.value === 'string' ? new Date(filter.value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw bad(filter, 'the value is not an ISO-8601 date');
    value = date.toISOString();
  } else if (typeof filter.value !== 'string') {
    throw bad(filter, "the value is not a string (give 'type' to compare another type)");
  }
  return { scope, name: filter.name, operation, type, value };
};

export const variableConditions = (
  scope: SearchVariableCondition['scope'],
  filters: readonly VariableFilter[] | undefined,
): SearchVariableCondition[] => (filters ?? []).map((f) => variableCondition(scope, f));
