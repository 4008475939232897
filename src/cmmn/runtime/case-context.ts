/**
 * The cases a command holds. A case is locked (its row FOR UPDATE) the first time a command
 * touches it and kept in memory until the flush, which writes its document, its changed plan
 * item instances, milestones and variable history, in the command's one transaction. The case
 * engine rides the process engine's command context, so a case command and the process it
 * starts commit together, and tasks and jobs use the shared flush.
 */
import { WeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import {
  getCaseDefinition,
  getCmmnResource,
  loadTasksOfCase,
  lockCaseRow,
  type CaseVariableHistory,
} from '../../persistence/cmmn-sql.ts';
import type { Queryable } from '../../persistence/database.ts';
import { parseCmmn } from '../model/index.ts';
import type { CaseModel } from '../model/types.ts';
import { flushCases } from './case-flush.ts';
import type { CaseDefinitionRow, LoadedCase, PlanItemInstance } from './types.ts';

export interface Transition {
  readonly caseId: string;
  readonly item: PlanItemInstance;
  readonly event: string;
}

export interface CaseScope {
  readonly cases: Map<string, LoadedCase>;
  /** transitions whose on-parts the sentry agenda has still to deliver */
  readonly transitions: Transition[];
  readonly milestones: Record<string, unknown>[];
  readonly variableHistory: Map<string, CaseVariableHistory>;
  /** child cases that ended: their parents' case task plan items complete */
  readonly endedChildren: {
    parentId: string;
    planItemInstanceId: string;
    child: LoadedCase;
    completed: boolean;
  }[];
  /** process instances and child cases whose plan item ended early: they end with it */
  readonly orphans: { kind: 'process' | 'case'; id: string }[];
  /** listener calls the agenda runs before anything else (case-listeners.ts) */
  readonly listenerCalls: { readonly run: () => Promise<void> }[];
}

const scopes = new WeakMap<CommandContext, CaseScope>();

/** The command's case scope if it touched a case, without making one. */
export const heldCaseScope = (ctx: CommandContext): CaseScope | undefined => scopes.get(ctx);

/** The command's case scope; the first use registers the case flush with the command. */
export const caseScope = (ctx: CommandContext): CaseScope => {
  let scope = scopes.get(ctx);
  if (!scope) {
    const created: CaseScope = {
      cases: new Map(),
      transitions: [],
      milestones: [],
      variableHistory: new Map(),
      endedChildren: [],
      orphans: [],
      listenerCalls: [],
    };
    scopes.set(ctx, created);
    ctx.beforeFlush.push((c) => flushCases(c, created));
    scope = created;
  }
  return scope;
};

/**
 * Parsed case models by definition id. A definition never changes once deployed, so an entry
 * is never stale; the bound only keeps a server with many definitions from holding them all.
 */
const MODEL_CACHE_LIMIT = 500;
const models = new Map<string, CaseModel>();

export const caseModelOf = async (db: Queryable, definition: CaseDefinitionRow): Promise<CaseModel> => {
  const cached = models.get(definition.id);
  if (cached) return cached;
  const content = await getCmmnResource(db, definition.deploymentId, definition.resourceName);
  if (!content)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `Resource '${definition.resourceName}' of case definition '${definition.id}' is gone`,
    );
  const parsed = await parseCmmn(definition.resourceName, Buffer.from(content).toString('utf8'));
  const model = parsed.definitions?.cases.find((c) => c.key === definition.key);
  if (!model) throw new WeirError('WEIR_INTERNAL', `Case definition '${definition.id}' cannot be read again`);
  if (models.size >= MODEL_CACHE_LIMIT) models.delete(models.keys().next().value!);
  models.set(definition.id, model);
  return model;
};

export const caseDefinitionById = async (db: Queryable, id: string): Promise<CaseDefinitionRow> => {
  const definition = await getCaseDefinition(db, id);
  if (!definition) throw new WeirError('WEIR_NOT_FOUND', `Could not find a case definition with id '${id}'.`);
  return definition;
};

/** Lock a running case and hold it for the command (once per command). */
export const loadCase = async (ctx: CommandContext, caseId: string): Promise<LoadedCase> => {
  const scope = caseScope(ctx);
  const held = scope.cases.get(caseId);
  if (held) return held;
  const row = await lockCaseRow(ctx.tx, caseId);
  if (!row) throw new WeirError('WEIR_NOT_FOUND', `Could not find a case instance with id '${caseId}'.`);
  const definition = await caseDefinitionById(ctx.tx, row.definitionId);
  const loaded: LoadedCase = {
    row,
    model: await caseModelOf(ctx.tx, definition),
    definition,
    isNew: false,
    ended: null,
    dirty: new Set(),
    newItems: new Set(),
  };
  scope.cases.set(caseId, loaded);
  for (const task of await loadTasksOfCase(ctx.tx, caseId))
    if (!ctx.tasks.has(task.id)) ctx.tasks.set(task.id, task);
  return loaded;
};

export const itemById = (c: LoadedCase, id: string): PlanItemInstance => {
  const item = c.row.document.items.find((i) => i.id === id);
  if (!item) throw new WeirError('WEIR_NOT_FOUND', `Could not find a plan item instance with id '${id}'.`);
  return item;
};

export const touchItem = (c: LoadedCase, item: PlanItemInstance): void => {
  c.dirty.add(item.id);
};
