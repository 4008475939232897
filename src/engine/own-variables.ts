/**
 * Variables by name in plain records, safe for any name. A record read with `record[name]`
 * answers `constructor` or `toString` from Object.prototype (a phantom variable), and a
 * write `record[name] = v` with `__proto__` changes the prototype instead of storing a
 * variable. Records built here have no prototype, and the accessors look at own properties
 * only, so they are safe on records that came from JSON.parse too.
 */

/** An empty record without prototype. */
export const variableRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** The record's own entry for `name`, never an inherited member. */
export const ownVariable = <T>(
  record: Readonly<Record<string, T>> | undefined,
  name: string,
): T | undefined => (record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined);

/** Stores `value` under `name` as an own property, `__proto__` included. */
export const putVariable = <T>(record: Record<string, T>, name: string, value: T): void => {
  Object.defineProperty(record, name, { value, writable: true, enumerable: true, configurable: true });
};

/** A prototype-free record of the entries, later ones winning. */
export const variableRecordOf = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> => {
  const record = variableRecord<T>();
  for (const [name, value] of entries) putVariable(record, name, value);
  return record;
};
