/** Engine properties set by operators (`weir_property`) and the schema facts Weir derives. */
import type { Queryable } from './database.ts';

export interface PropertyRow {
  readonly name: string;
  readonly value: string | null;
  readonly revision: number;
}

export const listStoredProperties = async (db: Queryable): Promise<PropertyRow[]> => {
  const { rows } = await db.query<PropertyRow>(
    'SELECT name, value, revision FROM weir_property ORDER BY name',
  );
  return rows;
};

/** False when a property of that name exists already. */
export const insertProperty = async (db: Queryable, name: string, value: string | null): Promise<boolean> => {
  const { rowCount } = await db.query(
    'INSERT INTO weir_property (name, value, revision) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING',
    [name, value],
  );
  return rowCount > 0;
};

/** False when there is no such property. */
export const updateProperty = async (db: Queryable, name: string, value: string | null): Promise<boolean> => {
  const { rowCount } = await db.query(
    'UPDATE weir_property SET value = $2, revision = revision + 1 WHERE name = $1',
    [name, value],
  );
  return rowCount > 0;
};

export const deleteProperty = async (db: Queryable, name: string): Promise<boolean> => {
  const { rowCount } = await db.query('DELETE FROM weir_property WHERE name = $1', [name]);
  return rowCount > 0;
};

/** The migrations applied to this database, oldest first. */
export const appliedMigrations = async (db: Queryable): Promise<{ id: number; name: string }[]> => {
  const { rows } = await db.query<{ id: number; name: string }>(
    'SELECT id, name FROM weir_migration ORDER BY id',
  );
  return rows;
};
