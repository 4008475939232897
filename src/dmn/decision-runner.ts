/**
 * Running a deployed decision: find the definition a key names (the one deployed with the
 * calling process when `sameDeployment` asks for it, else the latest version in the tenant, else,
 * with `fallbackToDefaultTenant`, in the default tenant), evaluate it, and write the execution
 * with its audit trail to history in the caller's transaction. Parsed files are cached by
 * deployment and resource: deployments never change, so no node ever needs to invalidate.
 */
import { WeirError } from '../errors.ts';
import { newId } from '../engine/ids.ts';
import type { Queryable } from '../persistence/database.ts';
import {
  getDmnResource,
  insertDecisionExecution,
  latestDecisionOfKey,
  type DecisionExecutionRow,
  type DmnDecisionRow,
} from '../persistence/dmn-sql.ts';
import type { DecisionAudit } from './audit.ts';
import { evaluateDecision, evaluateService } from './evaluate.ts';
import { isSingleHit } from './hit-policies.ts';
import type { Variables } from './feel.ts';
import { parseDmn } from './index.ts';
import type { DmnDefinitions } from './types.ts';

/**
 * Parsed files kept. A file is a few kilobytes parsed; the bound stops a node that serves
 * thousands of decision versions from keeping them all. Oldest-first eviction.
 */
const CACHE_LIMIT = 500;
const parsedFiles = new Map<string, Promise<DmnDefinitions>>();

export const definitionsOf = (db: Queryable, decision: DmnDecisionRow): Promise<DmnDefinitions> => {
  const cacheKey = `${decision.deploymentId}\n${decision.resourceName}`;
  let cached = parsedFiles.get(cacheKey);
  if (cached === undefined) {
    cached = (async () => {
      const content = await getDmnResource(db, decision.deploymentId, decision.resourceName);
      if (content === undefined)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Resource '${decision.resourceName}' of decision '${decision.id}' is gone`,
        );
      const parsed = await parseDmn(decision.resourceName, Buffer.from(content).toString('utf8'));
      if (parsed.definitions === undefined)
        throw new WeirError('WEIR_DEPLOYMENT_INVALID', parsed.problems.join('\n'));
      return parsed.definitions;
    })();
    cached.catch(() => parsedFiles.delete(cacheKey));
    if (parsedFiles.size >= CACHE_LIMIT) {
      const oldest = parsedFiles.keys().next();
      if (!oldest.done) parsedFiles.delete(oldest.value);
    }
    parsedFiles.set(cacheKey, cached);
  }
  return cached;
};

export interface DecisionLookup {
  readonly key: string;
  readonly tenantId: string;
  readonly fallbackToDefaultTenant?: boolean;
  /** the calling process's deployment, when `sameDeployment` is set */
  readonly parentDeploymentId?: string | null;
}

export const findDecisionOfKey = async (db: Queryable, lookup: DecisionLookup): Promise<DmnDecisionRow> => {
  const found =
    (lookup.parentDeploymentId
      ? await latestDecisionOfKey(db, lookup.key, lookup.tenantId, lookup.parentDeploymentId)
      : undefined) ??
    (await latestDecisionOfKey(db, lookup.key, lookup.tenantId)) ??
    (lookup.fallbackToDefaultTenant && lookup.tenantId !== ''
      ? await latestDecisionOfKey(db, lookup.key, '')
      : undefined);
  if (found === undefined)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `No decision found for key '${lookup.key}'${lookup.tenantId ? ` in tenant '${lookup.tenantId}'` : ''}`,
    );
  return found;
};

/** Where an execution came from, for history: the process instance and activity, if any. */
export interface ExecutionLink {
  readonly instanceId: string | null;
  readonly executionId: string | null;
  readonly activityId: string | null;
  readonly scopeType: string | null;
  /**
   * the caller's tenant, recorded as the execution's as Flowable records it: an instance of
   * tenant `acme` that fell back to a decision of the default tenant ran it for `acme`
   */
  readonly tenantId?: string;
}

export interface DecisionRun {
  readonly decision: DmnDecisionRow;
  /** Flowable's result: a list of output maps (a decision service's output decisions' merged) */
  readonly results: Record<string, unknown>[];
  /** a decision service's results by output decision */
  readonly serviceResults: Record<string, Record<string, unknown>[]> | null;
  readonly failed: boolean;
  readonly exceptionMessage: string | null;
  /** whether a hit policy that yields a list (RULE ORDER, OUTPUT ORDER, COLLECT) answered */
  readonly multipleResults: boolean;
  /** the history row, written unless history was disabled for the run */
  readonly execution: DecisionExecutionRow;
}

const isMultiHit = (definitions: DmnDefinitions, decisionId: string): boolean => {
  const logic = definitions.decisions.get(decisionId)?.logic;
  return logic?.kind === 'decisionTable' && !isSingleHit(logic);
};

/**
 * Evaluate a deployed decision (or decision service) and record the execution in history, unless
 * `history` is false (`disableHistory` of Flowable's DMN REST request).
 */
export const runDecision = async (
  db: Queryable,
  decision: DmnDecisionRow,
  variables: Variables,
  link: ExecutionLink,
  now: () => Date,
  history = true,
): Promise<DecisionRun> => {
  const definitions = await definitionsOf(db, decision);
  const startTime = now();
  let results: Record<string, unknown>[];
  let serviceResults: Record<string, Record<string, unknown>[]> | null = null;
  let audit: DecisionAudit | Record<string, unknown>;
  let failed: boolean;
  let exceptionMessage: string | null;
  if (decision.decisionType === 'decision_service') {
    const outcome = evaluateService(definitions, decision.key, variables);
    serviceResults = outcome.results;
    const failure = outcome.audits.find((a) => a.failed);
    failed = failure !== undefined;
    exceptionMessage = failure?.exceptionMessage ?? null;
    // every result map of every output decision, as Flowable's REST answers a service's run
    results = failed ? [] : Object.values(outcome.results).flat();
    audit = {
      decisionKey: decision.key,
      decisionName: decision.name,
      decisionServiceResult: outcome.results,
      failed,
      exceptionMessage,
      childDecisionExecutions: outcome.audits,
    };
  } else {
    const outcome = evaluateDecision(definitions, decision.key, variables);
    results = outcome.results;
    failed = outcome.audit.failed;
    exceptionMessage = outcome.audit.exceptionMessage;
    audit = outcome.audit;
  }
  const endTime = now();
  const execution: DecisionExecutionRow = {
    id: newId(),
    decisionDefinitionId: decision.id,
    decisionKey: decision.key,
    deploymentId: decision.deploymentId,
    startTime,
    endTime,
    ...link,
    failed,
    tenantId: link.tenantId ?? decision.tenantId,
    executionJson: { ...audit, decisionVersion: decision.version, startTime, endTime },
  };
  if (history) await insertDecisionExecution(db, execution);
  // a service with several output decisions has several results, as Flowable counts them
  const outputDecisions = definitions.services.get(decision.key)?.outputDecisions ?? [];
  const multipleResults =
    decision.decisionType === 'decision_service'
      ? outputDecisions.length > 1 || outputDecisions.some((id) => isMultiHit(definitions, id))
      : isMultiHit(definitions, decision.key);
  return { decision, results, serviceResults, failed, exceptionMessage, multipleResults, execution };
};
