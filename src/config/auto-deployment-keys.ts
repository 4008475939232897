import { boolean, duration, string } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * `flowable.auto-deployment.*` as in Flowable's `FlowableAutoDeploymentProperties`: four
 * settings that apply to every engine, each of which one engine can override under
 * `flowable.auto-deployment.engine.<engine>.`; an engine key left unset takes the global value.
 * `enabled` and `path` are Weir's (Flowable deploys from the classpath).
 */

export const deploymentEngines = ['bpmn', 'cmmn', 'dmn', 'app', 'form', 'content', 'idm'] as const;
export type DeploymentEngine = (typeof deploymentEngines)[number];

const prefix = 'flowable.auto-deployment.';

/** The settings that exist both globally and per engine; `name` is the key suffix. */
export const perEngineSettings = [
  { name: 'use-lock', field: 'useLock' },
  { name: 'lock-wait-time', field: 'lockWaitTime' },
  { name: 'throw-exception-on-deployment-failure', field: 'throwExceptionOnDeploymentFailure' },
  { name: 'lock-name', field: 'lockName' },
] as const;

const globalKeys: readonly ConfigKey[] = [
  {
    key: `${prefix}enabled`,
    type: boolean,
    default: 'true',
    aliases: ['flowable.check-process-definitions'],
    description:
      'Deploy the models found under `flowable.auto-deployment.path` at boot. Also accepted as `flowable.check-process-definitions`.',
  },
  {
    key: `${prefix}path`,
    type: string,
    default: './processes',
    description: 'Folder of models deployed at boot, relative to the working directory.',
  },
  {
    key: `${prefix}use-lock`,
    type: boolean,
    default: 'false',
    description:
      'Deploy under a cluster lock, so that nodes booting together do not each create a new version.',
  },
  // Five minutes, as in Flowable: one node deploying a large folder, migrations included, fits
  // well within it, while a boot that cannot get the lock still fails instead of hanging.
  {
    key: `${prefix}lock-wait-time`,
    type: duration(0),
    default: 'PT5M',
    description: 'How long a booting node waits for the deployment lock before failing.',
  },
  {
    key: `${prefix}throw-exception-on-deployment-failure`,
    type: boolean,
    default: 'true',
    description: 'Fail boot when a resource does not deploy; when false, log it and go on.',
  },
  {
    key: `${prefix}lock-name`,
    type: string,
    default: 'flowableAutoDeploymentLock',
    description: 'Name of the cluster lock taken for auto-deployment.',
  },
];

const engineKeys: readonly ConfigKey[] = deploymentEngines.flatMap((engine) =>
  perEngineSettings.map(({ name }): ConfigKey => {
    const global = globalKeys.find((key) => key.key === `${prefix}${name}`);
    if (!global) throw new Error(`No global auto-deployment key for ${name}`);
    return {
      key: `${prefix}engine.${engine}.${name}`,
      type: global.type,
      fallback: global.key,
      description: `\`${name}\` for the ${engine} engine only.`,
    };
  }),
);

export const autoDeploymentKeys: readonly ConfigKey[] = [...globalKeys, ...engineKeys];
