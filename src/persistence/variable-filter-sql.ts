/**
 * The variable conditions of the process-api lists and `query/*` bodies (`{name, value,
 * operation, type}`), answered from the search index's typed variable values
 * (`weir_search_variable`, see `search-index-sql.ts`) with the index's own operators, instead of
 * scanning each instance's document.
 *
 * A condition goes to the index when its value has an indexed type: a number compares with
 * `short`, `integer`, `long` and `double` variables; `true`/`false` with `boolean` ones; text
 * with `string` ones, or with `date` ones when the query says `"type": "date"`, as Flowable
 * matches a query value only with variables of its own type. The rest keeps the stored-value
 * comparison (`variableConditionSql`): a `null`, object or array value, text too long for the
 * index, a text operation on a number, boolean or date, variables the index does not hold
 * (an execution's local ones; history kept without variables), and any list read without the
 * index (`index` absent).
 */
import { variableConditionSql, type Conditions, type VariableCondition } from './rest-query-sql.ts';
import { MAX_INDEXED_TEXT } from './search-index-sql.ts';
import { addVariableProbe, type SearchVariableCondition } from './search-query-sql.ts';

/** Where a list's rows find their variables in the index. */
export interface VariableIndexProbe {
  /** `process`: an instance's variables; `task`: a task's local ones */
  readonly scope: 'process' | 'task';
  /** SQL expression of the id that owns them (`i.id`, `t.id`, `t.process_instance_id`, ...) */
  readonly ownerId: string;
}

const TEXT_OPERATIONS = new Set(['like', 'likeIgnoreCase', 'equalsIgnoreCase', 'notEqualsIgnoreCase']);

/** The condition as the index answers it, or undefined when only the stored value can. */
export const indexedVariableCondition = (
  scope: VariableIndexProbe['scope'],
  c: VariableCondition,
): SearchVariableCondition | undefined => {
  const { name, operation, value } = c;
  const textual = TEXT_OPERATIONS.has(operation);
  if (typeof value === 'number') {
    return Number.isFinite(value) && !textual ? { scope, name, operation, type: 'number', value } : undefined;
  }
  if (typeof value === 'boolean') {
    return textual ? undefined : { scope, name, operation, type: 'boolean', value };
  }
  // the index keeps a string's first MAX_INDEXED_TEXT characters: a longer value cannot be told apart there
  if (typeof value !== 'string' || value.length >= MAX_INDEXED_TEXT) return undefined;
  if (c.valueType === 'date') {
    return textual ? undefined : { scope, name, operation, type: 'date', value };
  }
  return { scope, name, operation, type: 'string', value };
};

/**
 * Add `conditions` to `where`: each one a probe of the index when it can answer it, otherwise
 * a comparison of `storedValue(nameParameter)`, the SQL expression of the stored jsonb value.
 */
export const addVariableConditions = (
  where: Conditions,
  conditions: readonly VariableCondition[] | undefined,
  storedValue: (nameParameter: string) => string,
  index: VariableIndexProbe | undefined,
): void => {
  for (const condition of conditions ?? []) {
    const probe = index ? indexedVariableCondition(index.scope, condition) : undefined;
    if (index && probe) {
      addVariableProbe(where, index.ownerId, probe);
    } else {
      const { fragment, values } = variableConditionSql(condition, storedValue);
      where.add(fragment, ...values);
    }
  }
};
