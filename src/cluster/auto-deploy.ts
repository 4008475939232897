/**
 * Boot step: deploy the process models of `flowable.auto-deployment.path` (default
 * `./processes`, searched recursively) as one deployment named `weir-auto-deployment`, with
 * duplicate filtering, so an unchanged folder deploys nothing and a changed one makes exactly
 * one new deployment, whichever node boots first.
 *
 * With `use-lock`, the nodes deploy one at a time under the cluster lock `lock-name`: without
 * it, nodes booting together each see "no identical deployment yet" and each deploy a new
 * version. A node that does not get the lock within `lock-wait-time` fails to boot, and the
 * error names the holder. A resource that does not deploy fails the boot when
 * `throw-exception-on-deployment-failure` is true; when false it is logged and the others are
 * deployed without it. The bpmn engine's settings apply (`engine.bpmn.*`, falling back to the
 * global keys); other engines' resources are for later.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Logger } from 'pino';
import type { AutoDeploymentSettings } from '../config/index.ts';
import type { Engine } from '../engine/index.ts';
import type { DeploymentResource, DeploymentResult } from '../engine/index.ts';
import { WeirError, isWeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import { withLock } from './locks.ts';
import type { LockOwner } from './locks.ts';

export const AUTO_DEPLOYMENT_NAME = 'weir-auto-deployment';

/** Deploying a large folder takes seconds; `withLock` extends the lease while it runs. */
const DEPLOYMENT_LOCK_LEASE_MS = 30_000;

const BPMN_RESOURCE = /\.(bpmn20\.xml|bpmn)$/i;

export interface AutoDeploySettings {
  readonly enabled: boolean;
  readonly path: string;
  readonly engines: { readonly bpmn: AutoDeploymentSettings };
}

export interface AutoDeployOutcome {
  /** Resource names found in the folder. */
  readonly found: string[];
  /** Resources left out because they did not deploy (only when failures do not throw). */
  readonly skipped: string[];
  /** Absent when there was nothing to deploy. */
  readonly result?: DeploymentResult;
}

/** Every model under `folder`, named by its path relative to it (`/`-separated), sorted. */
const readResources = async (folder: string): Promise<DeploymentResource[]> => {
  let entries: string[];
  try {
    entries = await readdir(folder, { recursive: true });
  } catch (error) {
    // No folder is the normal case of a node without auto-deployed models.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names = entries.filter((entry) => BPMN_RESOURCE.test(entry)).sort();
  return Promise.all(
    names.map(async (name) => ({
      name: name.split(sep).join('/'),
      content: await readFile(join(folder, name)),
    })),
  );
};

/** The resources a deployment error names, from its validation problems. */
const resourcesNamedBy = (error: unknown): string[] => {
  if (!isWeirError(error) || error.code !== 'WEIR_DEPLOYMENT_INVALID' || !Array.isArray(error.details))
    return [];
  const named = (error.details as { resource?: unknown }[]).flatMap((problem) =>
    typeof problem.resource === 'string' ? [problem.resource] : [],
  );
  return [...new Set(named)];
};

/**
 * Deploy, leaving out the resources that fail when `lenient`: each failed attempt names bad
 * resources (all problems of a deployment are reported at once), so this ends after a few
 * rounds at most. A failure that names no resource (two files defining one process key) is
 * not one file's fault: nothing is deployed and it is logged.
 */
const deployResources = async (
  engine: Engine,
  resources: readonly DeploymentResource[],
  lenient: boolean,
  log: Pick<Logger, 'warn'>,
): Promise<{ result?: DeploymentResult; skipped: string[] }> => {
  const skipped: string[] = [];
  let remaining = [...resources];
  while (remaining.length > 0) {
    try {
      const result = await engine.deploy({
        name: AUTO_DEPLOYMENT_NAME,
        resources: remaining,
        enableDuplicateFiltering: true,
      });
      return { result, skipped };
    } catch (error) {
      if (!lenient) throw error;
      const bad = resourcesNamedBy(error).filter((name) => remaining.some((r) => r.name === name));
      const message = error instanceof Error ? error.message : String(error);
      if (bad.length === 0) {
        log.warn({ err: error }, `Auto-deployment failed and deployed nothing: ${message}`);
        return { skipped: remaining.map((r) => r.name) };
      }
      log.warn({ resources: bad }, `Auto-deployment skips ${bad.join(', ')}: ${message}`);
      skipped.push(...bad);
      remaining = remaining.filter((r) => !bad.includes(r.name));
    }
  }
  return { skipped };
};

export interface AutoDeployInput {
  readonly engine: Engine;
  readonly db: Database;
  /** This node, as the lock's holder. */
  readonly owner: LockOwner;
  readonly settings: AutoDeploySettings;
  readonly log: Pick<Logger, 'info' | 'warn'>;
}

export const autoDeploy = async ({
  engine,
  db,
  owner,
  settings,
  log,
}: AutoDeployInput): Promise<AutoDeployOutcome> => {
  if (!settings.enabled) return { found: [], skipped: [] };
  const resources = await readResources(settings.path);
  const found = resources.map((r) => r.name);
  if (resources.length === 0) return { found, skipped: [] };
  const bpmn = settings.engines.bpmn;
  log.info(
    { path: settings.path, resources: found },
    `Auto-deployment: ${found.length} model(s) in ${settings.path}${bpmn.useLock ? `, waiting for lock ${bpmn.lockName}` : ''}`,
  );

  const run = async () => {
    try {
      return await deployResources(engine, resources, !bpmn.throwExceptionOnDeploymentFailure, log);
    } catch (error) {
      if (!isWeirError(error)) throw error;
      throw new WeirError(error.code, `Auto-deployment from ${settings.path} failed: ${error.message}`, {
        cause: error,
        details: error.details,
      });
    }
  };
  const { result, skipped } = bpmn.useLock
    ? await withLock(
        db,
        bpmn.lockName,
        owner,
        { lease: DEPLOYMENT_LOCK_LEASE_MS, waitUntil: Date.now() + bpmn.lockWaitTime },
        run,
      )
    : await run();

  if (result?.duplicate) {
    log.info(
      { deploymentId: result.deployment.id },
      'Auto-deployment: the models are unchanged; nothing deployed',
    );
  } else if (result) {
    const versions = result.definitions.map((d) => `${d.key} v${d.version}`);
    log.info(
      { deploymentId: result.deployment.id, definitions: versions },
      `Auto-deployment: deployed ${versions.join(', ') || 'no executable process'}`,
    );
  }
  return { found, skipped, ...(result ? { result } : {}) };
};
