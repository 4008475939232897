/**
 * The model store (`repository/models`): what a modelling tool saves before it deploys. Any
 * REST user reads it; writing needs `deploy-definitions` (or `access-admin`), as deploying does.
 * Each write is one transaction that locks the model row, so two editors saving at once are
 * applied one after the other and `lastUpdateTime` moves forward with each.
 */
import { WeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import {
  deleteModel as deleteModelRow,
  getModel,
  insertModel,
  lockModel,
  setModelSource as setModelSourceBytes,
  updateModel as updateModelRow,
  type ModelFields,
  type ModelRow,
  type ModelSourceKind,
} from '../persistence/models-sql.ts';
import { notFoundError, requireDeployer, type Principal } from './authorization.ts';
import type { Clock } from './clock.ts';
import { newId } from './ids.ts';

export const MAX_MODEL_SOURCE_BYTES = 10 * 1024 * 1024;

export interface ModelStore {
  readonly db: Database;
  readonly clock: Clock;
}

export const createModel = async (
  store: ModelStore,
  fields: ModelFields,
  by: Principal | undefined,
): Promise<ModelRow> => {
  requireDeployer(by, 'create', 'models');
  const id = newId();
  await insertModel(store.db, id, fields, store.clock.now());
  return (await getModel(store.db, id))!;
};

/** Change the fields given in `patch` (a field sent as null is cleared). */
export const updateModel = (
  store: ModelStore,
  id: string,
  patch: Partial<ModelFields>,
  by: Principal | undefined,
): Promise<ModelRow> => {
  requireDeployer(by, 'change', `model '${id}'`);
  return store.db.transaction(async (tx) => {
    const current = await lockModel(tx, id);
    if (!current) throw notFoundError('model', id);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await updateModelRow(tx, id, { ...current, ...defined }, store.clock.now());
    return (await getModel(tx, id))!;
  });
};

export const deleteModel = async (
  store: ModelStore,
  id: string,
  by: Principal | undefined,
): Promise<void> => {
  requireDeployer(by, 'delete', `model '${id}'`);
  if (!(await deleteModelRow(store.db, id))) throw notFoundError('model', id);
};

/** Writing models needs `deploy-definitions`; also checked before an upload is read. */
export const requireModelWriter = (by: Principal | undefined, modelId: string): void =>
  requireDeployer(by, 'change', `model '${modelId}'`);

export const setModelSource = async (
  store: ModelStore,
  id: string,
  kind: ModelSourceKind,
  bytes: Uint8Array,
  by: Principal | undefined,
): Promise<void> => {
  requireModelWriter(by, id);
  if (bytes.length > MAX_MODEL_SOURCE_BYTES) {
    throw new WeirError(
      'WEIR_BODY_TOO_LARGE',
      `A model source takes at most ${MAX_MODEL_SOURCE_BYTES} bytes`,
    );
  }
  if (!(await setModelSourceBytes(store.db, id, kind, bytes, store.clock.now())))
    throw notFoundError('model', id);
};
