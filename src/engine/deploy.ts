/**
 * Deployments: validate every resource first (all problems at once), then store the
 * deployment, its resources and a new version of each process definition, in one
 * transaction. Start events that wait (message, signal, timer) get their subscriptions and
 * jobs here, replacing those of the previous version.
 */
import { hasDiagramOf } from '../diagram/di.ts';
import { createHash } from 'node:crypto';
import type { Transaction } from '../persistence/database.ts';
import { parseBpmn } from '../model/index.ts';
import type { ProcessModel, ValidationProblem } from '../model/types.ts';
import { formatProblem } from '../model/index.ts';
import { WeirError } from '../errors.ts';
import {
  definitionsOfDeployment,
  insertDeployment,
  insertProcessDefinition,
  insertResource,
  latestDeploymentNamed,
  latestVersionOf,
  lockDefinitionKey,
  resourceHashes,
} from '../persistence/repository-sql.ts';
import { deleteStartEventsOfKey } from '../persistence/runtime-writes-sql.ts';
import { findSubscriptions } from '../persistence/runtime-reads-sql.ts';
import { insertRows } from '../persistence/rows.ts';
import type { EngineServices } from './services.ts';
import type { DeploymentRow, EventSubscriptionRow, JobRow, ProcessDefinitionRow } from './runtime-types.ts';
import { scheduleTimeCycle, scheduleTimeDate, scheduleTimeDuration } from './timers.ts';
import { newId } from './ids.ts';
import { childDeployers } from './child-deployer-registry.ts';
import type { ReadChildResources } from './child-deployers.ts';

export interface DeploymentResource {
  name: string;
  content: string | Uint8Array;
}

export interface DeployInput {
  name?: string | null;
  category?: string | null;
  key?: string | null;
  tenantId?: string;
  resources: readonly DeploymentResource[];
  /** skip (return the existing deployment) when the latest one of this name has identical resources */
  enableDuplicateFiltering?: boolean;
}

export interface DeploymentResult {
  deployment: DeploymentRow;
  definitions: ProcessDefinitionRow[];
  /** true when duplicate filtering found an identical deployment and nothing was stored */
  duplicate: boolean;
}

export const isProcessResource = (name: string): boolean => /\.(bpmn20\.xml|bpmn)$/i.test(name);

const sha256 = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

export interface ParsedProcess {
  readonly resourceName: string;
  readonly model: ProcessModel;
  readonly drawn: boolean;
}

/** Parse the BPMN resources: every problem, and the executable processes (each key once). */
export const readProcessResources = async (
  services: EngineServices,
  resources: readonly { name: string; content: Uint8Array }[],
): Promise<{ problems: ValidationProblem[]; parsed: ParsedProcess[] }> => {
  const problems: ValidationProblem[] = [];
  const parsed: ParsedProcess[] = [];
  for (const r of resources.filter((x) => isProcessResource(x.name))) {
    const xml = Buffer.from(r.content).toString('utf8');
    const result = await parseBpmn(xml, {
      resourceName: r.name,
      delegateNames: services.delegates.names(),
    });
    problems.push(...result.problems);
    for (const model of result.definitions?.processes ?? []) {
      if (!model.isExecutable) continue;
      if (parsed.some((p) => p.model.id === model.id))
        problems.push({
          resource: r.name,
          message: `Process key '${model.id}' is defined twice in the deployment`,
        });
      else parsed.push({ resourceName: r.name, model, drawn: hasDiagramOf(xml, model.id) });
    }
  }
  return { problems, parsed };
};

/** Refuse a deployment with problems, naming each (resource, element, line). */
export const refuseInvalid = (what: string, problems: readonly ValidationProblem[]): void => {
  if (problems.length > 0)
    throw new WeirError(
      'WEIR_DEPLOYMENT_INVALID',
      `${what} is invalid:\n${problems.map(formatProblem).join('\n')}`,
      { details: problems },
    );
};

/** Store a process deployment, its resources and a new version of each process, in `tx`. */
export const storeProcessDeployment = async (
  services: EngineServices,
  tx: Transaction,
  deployment: DeploymentRow,
  resources: readonly { name: string; content: Uint8Array }[],
  parsed: readonly ParsedProcess[],
): Promise<ProcessDefinitionRow[]> => {
  await insertDeployment(tx, deployment);
  for (const r of resources) {
    await insertResource(tx, {
      deploymentId: deployment.id,
      name: r.name,
      content: r.content,
      sha256: sha256(r.content),
    });
  }
  const definitions: ProcessDefinitionRow[] = [];
  for (const { resourceName, model, drawn } of parsed) {
    definitions.push(
      await storeDefinition(services, tx, deployment, { resourceName, drawn }, model, deployment.deployedAt),
    );
  }
  return definitions;
};

export const deploy = async (services: EngineServices, input: DeployInput): Promise<DeploymentResult> => {
  const tenantId = input.tenantId ?? '';
  if (input.resources.length === 0) {
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'A deployment needs at least one resource');
  }
  const resources = input.resources.map((r) => ({
    name: r.name,
    content: typeof r.content === 'string' ? new TextEncoder().encode(r.content) : r.content,
  }));
  const names = new Set<string>();
  for (const r of resources) {
    if (names.has(r.name))
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Resource '${r.name}' appears twice in the deployment`);
    names.add(r.name);
  }
  // validate everything before touching the database
  const { problems, parsed } = await readProcessResources(services, resources);
  // resources of the other engines (`.form`, `.dmn`, ...) become their child deployments, checked here with the rest
  const children: ReadChildResources[] = [];
  for (const deployer of childDeployers()) {
    const accepted = resources.filter((r) => deployer.accepts(r.name));
    if (accepted.length === 0) continue;
    const read = await deployer.read(accepted, services);
    problems.push(...read.problems);
    children.push(read);
  }
  refuseInvalid(`Deployment${input.name ? ` '${input.name}'` : ''}`, problems);
  return services.db.transaction(async (tx) => {
    if (input.enableDuplicateFiltering && input.name) {
      const previous = await latestDeploymentNamed(tx, input.name, tenantId);
      if (previous) {
        const hashes = await resourceHashes(tx, previous.id);
        const same =
          hashes.size === resources.length &&
          resources.every((r) => hashes.get(r.name) === sha256(r.content));
        if (same) {
          return {
            deployment: previous,
            definitions: await definitionsOfDeployment(tx, previous.id),
            duplicate: true,
          };
        }
      }
    }
    const now = services.clock.now();
    const deployment: DeploymentRow = {
      id: newId(),
      name: input.name ?? null,
      category: input.category ?? null,
      key: input.key ?? null,
      tenantId,
      parentDeploymentId: null,
      deployedAt: now,
    };
    const definitions = await storeProcessDeployment(services, tx, deployment, resources, parsed);
    const parent = {
      parentDeploymentId: deployment.id,
      name: deployment.name,
      category: deployment.category,
      key: null,
      tenantId,
      now,
    };
    for (const child of children) await child.store(tx, parent);
    return { deployment, definitions, duplicate: false };
  });
};

const storeDefinition = async (
  services: EngineServices,
  tx: Transaction,
  deployment: DeploymentRow,
  { resourceName, drawn }: { resourceName: string; drawn: boolean },
  model: ProcessModel,
  now: Date,
): Promise<ProcessDefinitionRow> => {
  await lockDefinitionKey(tx, model.id, deployment.tenantId);
  const version = (await latestVersionOf(tx, model.id, deployment.tenantId)) + 1;
  const start = model.initialStartEventId ? model.nodes[model.initialStartEventId] : undefined;
  const formKey = start?.kind === 'startEvent' ? (start.formKey ?? null) : null;
  const definition: ProcessDefinitionRow = {
    id: `${model.id}:${version}:${newId()}`,
    key: model.id,
    version,
    name: model.name ?? null,
    description: model.documentation ?? null,
    category: null,
    tenantId: deployment.tenantId,
    deploymentId: deployment.id,
    resourceName,
    hasStartFormKey: formKey !== null,
    startFormKey: formKey,
    hasGraphicalNotation: drawn,
    suspended: false,
    createdAt: now,
  };
  await insertProcessDefinition(tx, definition);
  services.definitions.put(definition, model);
  await deleteStartEventsOfKey(tx, model.id, deployment.tenantId);
  const subs: EventSubscriptionRow[] = [];
  const jobs: JobRow[] = [];
  for (const id of model.startEventIds) {
    const node = model.nodes[id];
    if (node.kind !== 'startEvent' || !node.eventDefinition) continue;
    const def = node.eventDefinition;
    if (def.type === 'message' || def.type === 'signal') {
      subs.push({
        id: newId(),
        eventType: def.type,
        eventName: def.type === 'message' ? def.messageName : def.signalName,
        processInstanceId: null,
        rootInstanceId: null,
        executionId: null,
        activityId: node.id,
        definitionId: definition.id,
        scope: null,
        tenantId: deployment.tenantId,
        configuration: null,
        createdAt: now,
      });
    } else if (def.type === 'timer') {
      const schedule = def.timeDate
        ? scheduleTimeDate(def.timeDate)
        : def.timeDuration
          ? scheduleTimeDuration(def.timeDuration, now)
          : scheduleTimeCycle(def.timeCycle ?? '', now, def.endDate ? new Date(def.endDate) : null);
      jobs.push({
        id: newId(),
        state: 'timer',
        handler: 'timer-start',
        handlerConfig: { activityId: node.id },
        processInstanceId: null,
        rootInstanceId: null,
        executionId: null,
        definitionId: definition.id,
        elementId: node.id,
        elementName: node.name ?? null,
        exclusive: true,
        retries: services.config.defaultRetries,
        retryCycle: null,
        dueAt: schedule.dueAt,
        repeat: schedule.repeat,
        endAt: schedule.endAt,
        lockOwner: null,
        lockExpiresAt: null,
        topic: null,
        workerId: null,
        exceptionMessage: null,
        exceptionStacktrace: null,
        tenantId: deployment.tenantId,
        createdAt: now,
      });
    }
  }
  await refuseTakenStartMessages(tx, model.id, subs);
  await insertRows(tx, 'weir_event_subscription', subs);
  await insertRows(tx, 'weir_job', jobs);
  return definition;
};

/**
 * A message starts at most one process (per tenant), as in Flowable: otherwise starting by that
 * message could not tell which. The key's own earlier start subscriptions are gone by now, so any
 * start subscription left with the name belongs to another process.
 */
const refuseTakenStartMessages = async (
  tx: Transaction,
  key: string,
  subs: readonly EventSubscriptionRow[],
): Promise<void> => {
  const seen = new Set<string>();
  for (const sub of subs) {
    if (sub.eventType !== 'message') continue;
    let owner: string | undefined;
    if (seen.has(sub.eventName)) owner = 'another start event of this process';
    else {
      const [taken] = await findSubscriptions(tx, {
        eventType: 'message',
        eventName: sub.eventName,
        tenantId: sub.tenantId,
        startOnly: true,
      });
      // a definition id is `<key>:<version>:<id>`, and a key (an XML id) has no colon
      if (taken) owner = `process '${(taken.definitionId ?? '').split(':')[0]}'`;
    }
    if (owner !== undefined) {
      throw new WeirError(
        'WEIR_DEPLOYMENT_INVALID',
        `Process '${key}': start event '${sub.activityId ?? ''}' listens to message '${sub.eventName}', which already starts ${owner}`,
      );
    }
    seen.add(sub.eventName);
  }
};
