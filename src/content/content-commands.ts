/**
 * Content items as engine commands: every write runs in one transaction under the lock of the
 * item's process instance (or its task's, or, for an ended one, its history row), with the
 * caller's right to see that task or instance checked under the lock. Bytes are stored
 * before the command and only then named by a row; a command that fails discards them.
 *
 * This is also the engine-level API other engines use (forms: create from a stream with a
 * scope, read the bytes, delete by scope).
 */
import type { Readable } from 'node:stream';
import { WeirError } from '../errors.ts';
import { notFoundError, requireVisibleInstance, viewerOf, type Principal } from '../engine/authorization.ts';
import type { Engine } from '../engine/engine.ts';
import { newId } from '../engine/ids.ts';
import type { Transaction } from '../persistence/database.ts';
import {
  deleteContentItem,
  deleteContentItemsOfScope,
  getContentItem,
  insertContentItem,
  listContentItems,
  updateContentItem,
  type ContentItemRow,
} from '../persistence/content-sql.ts';
import { lockHistoricInstance } from '../persistence/history-delete-sql.ts';
import { listHistoricTasks } from '../persistence/rest-history-sql.ts';
import { lockHistoricTask } from '../persistence/standalone-tasks-sql.ts';
import { getTaskRow, rootIdOfInstance } from '../persistence/runtime-reads-sql.ts';
import type { ContentEngine, StoredBytes } from './content-engine.ts';

/** The fields of Flowable's ContentItemRequest, plus the scope other engines attach items to. */
export interface ContentItemFields {
  name?: string | null;
  mimeType?: string | null;
  taskId?: string | null;
  processInstanceId?: string | null;
  scopeId?: string | null;
  scopeType?: string | null;
  contentStoreId?: string | null;
  contentStoreName?: string | null;
  field?: string | null;
  tenantId?: string | null;
  createdBy?: string | null;
  lastModifiedBy?: string | null;
}

interface Target {
  taskId: string | null;
  processInstanceId: string | null;
}

/** Where an item belongs once its task is known: a task's item is also its instance's. */
type ScopedWork<T> = (tx: Transaction, instanceOfTask: string | null) => Promise<T>;

/**
 * Run `work` under the lock of the target: the running task's instance (or the task itself),
 * the running instance, or, once they ended, their history row. The caller must see the target.
 */
const inScope = async <T>(engine: Engine, target: Target, by: Principal | undefined, work: ScopedWork<T>) => {
  const { taskId, processInstanceId } = target;
  if (taskId) {
    if (await getTaskRow(engine.db, taskId))
      return engine.taskCommand(taskId, by, { kind: 'see' }, (ctx, task) =>
        work(ctx.tx, task.processInstanceId),
      );
    return engine.command(async (ctx) => {
      const state = await lockHistoricTask(ctx.tx, taskId);
      const viewer = viewerOf(by);
      const page = { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' } as const;
      if (
        !state ||
        (viewer && (await listHistoricTasks(ctx.tx, { taskId, visibleTo: viewer }, page)).total === 0)
      )
        throw notFoundError('task', taskId);
      return work(ctx.tx, state.processInstanceId);
    });
  }
  if (processInstanceId) {
    if (await rootIdOfInstance(engine.db, processInstanceId))
      return engine.withInstance(processInstanceId, by, (tx) => work(tx, null));
    return engine.command(async (ctx) => {
      if (!(await lockHistoricInstance(ctx.tx, processInstanceId)))
        throw notFoundError('process instance', processInstanceId);
      await requireVisibleInstance(ctx.tx, by, processInstanceId);
      return work(ctx.tx, null);
    });
  }
  return engine.command((ctx) => work(ctx.tx, null));
};

const page1 = { start: 0, size: 1, sort: 'created', order: 'asc' } as const;

/** An item the caller may see (404 alike when it is missing or hidden). */
export const visibleContentItem = async (
  engine: Engine,
  id: string,
  by: Principal | undefined,
): Promise<ContentItemRow> => {
  const { rows } = await listContentItems(engine.db, { id, visibleTo: viewerOf(by) }, page1);
  if (!rows[0]) throw new WeirError('WEIR_NOT_FOUND', `Could not find a content item with id '${id}'.`);
  return rows[0];
};

const withBytes = (row: ContentItemRow, bytes: StoredBytes | undefined): ContentItemRow =>
  bytes
    ? {
        ...row,
        contentAvailable: true,
        contentSize: bytes.size,
        checksum: bytes.sha256,
        storageKey: bytes.key,
      }
    : row;

/** Refuse (404) a task or instance the caller may not see, before any bytes are stored for it. */
export const checkContentTarget = (
  engine: Engine,
  target: ContentItemFields,
  by?: Principal,
): Promise<void> =>
  inScope(
    engine,
    { taskId: target.taskId ?? null, processInstanceId: target.processInstanceId ?? null },
    by,
    () => Promise.resolve(),
  );

/**
 * Create an item, naming `bytes` when given (stored by `ContentEngine.store` beforehand; they
 * are discarded when the row is refused). The caller's right to the task or instance is
 * checked under the lock when the row is written.
 */
export const createContentItem = async (
  engine: Engine,
  content: ContentEngine,
  fields: ContentItemFields,
  bytes: StoredBytes | undefined,
  by?: Principal,
): Promise<ContentItemRow> => {
  const target = { taskId: fields.taskId ?? null, processInstanceId: fields.processInstanceId ?? null };
  try {
    if (!fields.name) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Content item name is required.');
    return await inScope(engine, target, by, async (tx, instanceOfTask) => {
      const now = engine.services.clock.now();
      const row = withBytes(
        {
          id: newId(),
          name: fields.name!,
          mimeType: fields.mimeType ?? null,
          taskId: target.taskId,
          processInstanceId: target.processInstanceId ?? instanceOfTask,
          scopeId: fields.scopeId ?? null,
          scopeType: fields.scopeType ?? null,
          contentStoreId: fields.contentStoreId ?? null,
          contentStoreName: fields.contentStoreName ?? null,
          field: fields.field ?? null,
          contentAvailable: false,
          contentSize: null,
          checksum: null,
          storageKey: null,
          tenantId: fields.tenantId ?? '',
          createdAt: now,
          createdBy: fields.createdBy ?? by?.userId ?? null,
          lastModifiedAt: now,
          lastModifiedBy: fields.lastModifiedBy ?? by?.userId ?? null,
        },
        bytes,
      );
      await insertContentItem(tx, row);
      return row;
    });
  } catch (error) {
    if (bytes) await content.discard(bytes.key);
    throw error;
  }
};

/** Create an item from a stream in one call (other engines: a form's file field). */
export const createContentItemFromStream = async (
  engine: Engine,
  content: ContentEngine,
  fields: ContentItemFields,
  body: Readable,
  by?: Principal,
): Promise<ContentItemRow> => {
  await checkContentTarget(engine, fields, by);
  return createContentItem(engine, content, fields, await content.store(body), by);
};

/** Work on an item the caller sees, under its task's or instance's lock, as it is under the lock. */
const onItem = async <T>(
  engine: Engine,
  id: string,
  by: Principal | undefined,
  work: (tx: Transaction, current: ContentItemRow) => Promise<T>,
): Promise<T> => {
  const seen = await visibleContentItem(engine, id, by);
  return inScope(engine, seen, by, async (tx) => {
    const current = await getContentItem(tx, id);
    if (!current) throw notFoundError('content item', id);
    return work(tx, current);
  });
};

/** Change an item's fields (those given) and, with `body`, replace its bytes; the old ones are swept. */
export const updateContentItemFields = async (
  engine: Engine,
  content: ContentEngine,
  id: string,
  fields: ContentItemFields,
  bytes: StoredBytes | undefined,
  by?: Principal,
): Promise<ContentItemRow> => {
  try {
    // moving an item to another task or instance needs the right to see that one as well
    if (fields.taskId || fields.processInstanceId) await checkContentTarget(engine, fields, by);
    const { row, before } = await onItem(engine, id, by, async (tx, current) => {
      const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null));
      const next = withBytes(
        { ...current, ...changes, tenantId: fields.tenantId ?? current.tenantId },
        bytes,
      );
      next.lastModifiedAt = engine.services.clock.now();
      next.lastModifiedBy = fields.lastModifiedBy ?? by?.userId ?? current.lastModifiedBy;
      await updateContentItem(tx, next);
      return { row: next, before: current };
    });
    if (bytes && before.storageKey) void content.sweep();
    return row;
  } catch (error) {
    if (bytes) await content.discard(bytes.key);
    throw error;
  }
};

/** Delete an item: its creator, an admin, or anyone who sees its task or instance. */
export const deleteContentItemById = async (
  engine: Engine,
  content: ContentEngine,
  id: string,
  by?: Principal,
): Promise<void> => {
  await onItem(engine, id, by, (tx) => deleteContentItem(tx, id));
  void content.sweep();
};

/** Delete every item of a scope (other engines' cleanup); the caller holds that scope's lock. */
export const deleteContentOfScope = async (
  tx: Transaction,
  content: ContentEngine,
  scopeId: string,
  scopeType: string,
): Promise<void> => {
  await deleteContentItemsOfScope(tx, scopeId, scopeType);
  tx.afterCommit(() => void content.sweep());
};

/** The verified bytes of an item the caller may see. */
export const openContentItem = async (
  engine: Engine,
  content: ContentEngine,
  id: string,
  by?: Principal,
): Promise<{ item: ContentItemRow; data: Readable }> => {
  const item = await visibleContentItem(engine, id, by);
  return { item, data: await content.open(item) };
};
