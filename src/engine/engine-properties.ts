/**
 * Engine properties (`management/properties`, `management/engine-properties`): the facts Weir
 * derives from its schema and build, and the name/value pairs operators store. Derived names
 * are reserved: storing one would show a value that is not true, so they cannot be set.
 * Reading and changing the stored ones is for `access-admin` only.
 */
import { WeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import {
  appliedMigrations,
  deleteProperty,
  insertProperty,
  listStoredProperties,
  updateProperty,
} from '../persistence/properties-sql.ts';
import { forbidden, isAdmin, requireDeployer, type Principal } from './authorization.ts';

/** A command given no principal is the engine itself; anyone else must be an admin. */
export const requireAdmin = (principal: Principal | undefined, action: string, object: string): void => {
  if (principal !== undefined && !isAdmin(principal)) throw forbidden(principal, action, object);
};

/**
 * What Flowable keeps in ACT_GE_PROPERTY, as Weir knows it: the schema version is the last
 * migration applied, its history every migration in order. Weir has no `next.dbid`: ids are
 * UUIDs made by each node without asking the database (`id.generator`).
 */
const derivedProperties = async (db: Database, engineVersion: string): Promise<Record<string, string>> => {
  const migrations = await appliedMigrations(db);
  const last = migrations.at(-1);
  return {
    'schema.version': last ? String(last.id) : '0',
    'schema.history': migrations.map((m) => `${m.id}-${m.name}`).join(' '),
    'engine.version': engineVersion,
    'id.generator': 'uuid',
  };
};

/** `management/properties`: for admins and deployers, like the rest of `management/`. */
export const managementProperties = (
  db: Database,
  engineVersion: string,
  by: Principal | undefined,
): Promise<Record<string, string | null>> => {
  requireDeployer(by, 'read', 'the engine properties');
  return allProperties(db, engineVersion);
};

/** `management/engine-properties`: the same map, for admins only (it is the editable one). */
export const engineProperties = (
  db: Database,
  engineVersion: string,
  by: Principal | undefined,
): Promise<Record<string, string | null>> => {
  requireAdmin(by, 'read', 'the engine properties');
  return allProperties(db, engineVersion);
};

const allProperties = async (db: Database, engineVersion: string): Promise<Record<string, string | null>> => {
  const stored = await listStoredProperties(db);
  return {
    ...Object.fromEntries(stored.map((p) => [p.name, p.value])),
    ...(await derivedProperties(db, engineVersion)),
  };
};

const refuseDerived = async (db: Database, name: string): Promise<void> => {
  if (name in (await derivedProperties(db, ''))) {
    throw new WeirError('WEIR_CONFLICT', `Engine property ${name} is derived by Weir and cannot be changed`);
  }
};

const missing = (name: string) => new WeirError('WEIR_NOT_FOUND', `Engine property ${name} does not exist`);

export const createEngineProperty = async (
  db: Database,
  name: string,
  value: string | null,
  by: Principal | undefined,
): Promise<void> => {
  requireAdmin(by, 'create', `engine property '${name}'`);
  if (name in (await derivedProperties(db, ''))) {
    throw new WeirError('WEIR_CONFLICT', `Engine property ${name} already exists`);
  }
  if (!(await insertProperty(db, name, value))) {
    throw new WeirError('WEIR_CONFLICT', `Engine property ${name} already exists`);
  }
};

export const updateEngineProperty = async (
  db: Database,
  name: string,
  value: string | null,
  by: Principal | undefined,
): Promise<void> => {
  requireAdmin(by, 'change', `engine property '${name}'`);
  await refuseDerived(db, name);
  if (!(await updateProperty(db, name, value))) throw missing(name);
};

export const deleteEngineProperty = async (
  db: Database,
  name: string,
  by: Principal | undefined,
): Promise<void> => {
  requireAdmin(by, 'delete', `engine property '${name}'`);
  await refuseDerived(db, name);
  if (!(await deleteProperty(db, name))) throw missing(name);
};
