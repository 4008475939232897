import { executorKeys } from './executor-keys.ts';
import { boolean, duration, int, jdbcUrl, oneOf, string } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * What a Flowable Spring Boot `application.properties` carries, so that one starts Weir as it
 * is. The keys come from the starter's `Flowable*Properties` classes and the property list in
 * Flowable's Spring Boot guide. Each is either honoured (a `ConfigKey` below, or one elsewhere
 * in the registry under its Flowable name) or accepted with no effect: then the boot logs one
 * warning with the reason, rather than stopping a migration over a setting that cannot matter.
 * Only a key in neither list is a typo and stops the boot.
 */

export interface NoEffectKey {
  /** Kebab-case, as Flowable documents it; relaxed binding finds camelCase and env forms. */
  readonly key: string;
  /** Why it does nothing in Weir, shown in the warning and the docs. */
  readonly reason: string;
}

/** Flowable keys Weir reads, beyond those already in the registry under their Flowable names. */
export const flowableKeys: readonly ConfigKey[] = [
  {
    key: 'spring.datasource.url',
    type: jdbcUrl,
    unsetMeaning: '`database.url`, else embedded PGlite',
    description:
      "Flowable's JDBC URL, `jdbc:postgresql://host:5432/db`, used when `database.url` is unset. Other databases stop the boot: Weir runs on PostgreSQL only.",
  },
  {
    key: 'spring.datasource.username',
    type: string,
    unsetMeaning: "`user` in the URL, else PostgreSQL's default",
    description: 'User for `spring.datasource.url`; a `user` parameter in the URL wins, as in pgjdbc.',
  },
  {
    key: 'spring.datasource.password',
    type: string,
    unsetMeaning: 'no password',
    secret: true,
    description: 'Password for `spring.datasource.url`; a `password` parameter in the URL wins.',
  },
  {
    key: 'flowable.async-executor-activate',
    type: boolean,
    default: 'true',
    aliases: ['flowable.process.async-executor-activate'],
    description:
      'When false, this node acquires neither async nor timer jobs, whatever the two `*-acquisition-enabled` keys say. Also accepted as `flowable.process.async-executor-activate`.',
  },
  {
    key: 'flowable.database-schema-update',
    type: oneOf('true', 'false', 'create-drop', 'drop-create'),
    default: 'true',
    description:
      '`true`: migrate the schema at boot. `false`: refuse to boot unless the schema is current (run `weir migrate` first). The drop variants are refused: Weir never drops its schema.',
  },
  {
    key: 'flowable.process.definition-cache-limit',
    type: int(-1, 1_000_000),
    default: '-1',
    aliases: ['flowable.process-definitions.cache.max'],
    description:
      'Parsed process definitions a node keeps in memory, least recently used dropped first; -1 keeps all. Also accepted under its old name `flowable.process-definitions.cache.max`.',
  },
  {
    key: 'flowable.schema-lock-wait-time',
    type: duration(0),
    default: 'PT5M',
    description: 'How long a booting node waits for the schema-migration lock before failing.',
  },
];

const each = (prefix: string, names: readonly string[], reason: string): NoEffectKey[] =>
  names.map((name) => ({ key: `${prefix}${name}`, reason }));

const servlet = ['servlet.name', 'servlet.path', 'servlet.load-on-startup'];
const resources = ['deploy-resources', 'deployment-name', 'resource-location', 'resource-suffixes'];
const cmmnDeploymentLock = [
  'use-lock-for-auto-deployment',
  'auto-deployment-lock-wait-time',
  'throw-exception-on-auto-deployment-failure',
];

const FIXED_PATHS = 'Weir serves the REST API at fixed paths (`/process-api`, `/idm-api`, ...)';
const NO_CLASSPATH = 'Weir has no classpath; it deploys the folder `flowable.auto-deployment.path`';
const BPMN_ONLY = (engine: string): string => `Weir runs BPMN only; it has no ${engine} engine`;
const NOT_AUTO_DEPLOYED = (what: string, api: string): string =>
  `Weir deploys ${what} files through \`${api}\` or inside process deployments; its auto-deployment folder takes BPMN files only`;
const HISTORY_CLEANING = 'Weir has no history cleaning job; history is deleted through the REST API';

/** Executor settings Flowable has and Weir's executor does not need (see executor-keys.ts). */
const extraExecutorNames = [
  'reset-expired-job-enabled',
  'unlock-owned-jobs',
  'timer-runnable-needed',
  'acquire-runnable-thread-name',
  'reset-expired-runnable-name',
  'move-timer-executor-pool-size',
  'lock-owner',
  'global-acquire-lock-enabled',
  'global-acquire-lock-prefix',
  'async-jobs-global-lock-wait-time',
  'async-jobs-global-lock-poll-rate',
  'async-jobs-global-lock-force-acquire-after',
  'timer-lock-wait-time',
  'timer-lock-poll-rate',
  'timer-lock-force-acquire-after',
  'tenant-id',
  'keep-alive',
  'thread-name-prefix',
  'allow-core-thread-timeout',
];

const EXECUTOR_OWN =
  'Weir runs jobs on its own executor: it releases locks by node heartbeat, takes only what its queue holds and never takes a global acquire lock; the job lock owner is `weir.node-id`';

const executorNames = executorKeys.map((entry) => entry.key.replace('flowable.process.async.executor.', ''));

export const noEffectKeys: readonly NoEffectKey[] = [
  // FlowableProperties
  ...each(
    'flowable.',
    ['async-history-executor-activate'],
    'Weir writes history in the transaction of the change itself; there is no async history executor',
  ),
  ...each('flowable.', ['rest-api-enabled'], 'the REST API is always on in Weir'),
  ...each('flowable.', ['rest-api-mapping', 'rest-api-servlet-name'], FIXED_PATHS),
  ...each(
    'flowable.',
    ['activity-font-name', 'label-font-name', 'annotation-font-name'],
    'Weir draws no diagram images',
  ),
  ...each('flowable.', ['deployment-name'], 'Weir names its auto-deployment `weir-auto-deployment`'),
  ...each(
    'flowable.',
    ['process-definition-location-prefix', 'process-definition-location-suffixes'],
    NO_CLASSPATH,
  ),
  ...each(
    'flowable.',
    ['database-schema'],
    "Weir's tables live in the connection's current schema; set it with PostgreSQL's `search_path`",
  ),
  ...each(
    'flowable.',
    ['use-lock-for-database-schema-update'],
    'Weir always migrates under the cluster lock `weirSchemaLock`',
  ),
  ...each('flowable.', ['lock-poll-rate'], 'Weir polls cluster locks at its own rate'),
  ...each(
    'flowable.',
    ['db-identity-used'],
    "Weir's users and groups always live in its own database (`flowable.idm.enabled` in Flowable)",
  ),
  ...each(
    'flowable.',
    ['db-history-used'],
    'Weir always has history tables; set `flowable.history-level=none`',
  ),
  ...each('flowable.', ['jpa-enabled'], 'Weir has no JPA: variables are stored as JSON'),
  ...each(
    'flowable.',
    ['custom-mybatis-mappers', 'custom-mybatis-x-m-l-mappers'],
    'Weir has no MyBatis; its SQL is its own',
  ),
  ...each(
    'flowable.',
    ['form-field-validation-enabled'],
    'Weir always checks submitted form fields; `flowable:formFieldValidation="false"` on a start event or user task turns the checks off there',
  ),
  ...each(
    'flowable.',
    [
      'enable-history-cleaning',
      'history-cleaning-cycle',
      'history-cleaning-after',
      'history-cleaning-after-days',
      'history-cleaning-batch-size',
      'history-cleaning-sequential',
    ],
    HISTORY_CLEANING,
  ),
  // FlowableCommonAppProperties (Flowable's UI apps): OpenID Connect besides the claim keys
  ...each(
    'flowable.common.app.security.',
    ['type'],
    'Weir signs in with a password, and with OpenID Connect as soon as a `spring.security.oauth2.client.registration.<id>.client-id` is set',
  ),
  ...each(
    'flowable.common.app.security.oauth2.',
    ['authorities-attribute', 'default-authorities'],
    "Weir's privileges are granted in its identity store (`/idm-api/privileges`), to users or to the groups the provider names",
  ),
  // FlowableProcessProperties
  ...each('flowable.process.', servlet, FIXED_PATHS),
  ...each(
    'flowable.process.',
    ['enable-safe-xml'],
    "Weir's BPMN parser always refuses DOCTYPE and ENTITY declarations",
  ),
  ...each(
    'flowable.process.',
    ['enable-process-definition-history-level'],
    'Weir has one history level, `flowable.history-level`, for every definition',
  ),
  ...each('flowable.process.', ['event-registry-start-process-instance-async'], BPMN_ONLY('event registry')),
  ...each('flowable.process.async.executor.', extraExecutorNames, EXECUTOR_OWN),
  // The other engines' properties (FlowableCmmnProperties, FlowableDmnProperties, ...)
  ...each(
    'flowable.cmmn.',
    [
      'enabled',
      'enable-safe-xml',
      'async-executor-activate',
      ...resources,
      ...cmmnDeploymentLock,
      ...servlet,
    ],
    BPMN_ONLY('CMMN'),
  ),
  ...each('flowable.cmmn.async.executor.', [...executorNames, ...extraExecutorNames], BPMN_ONLY('CMMN')),
  ...each(
    'flowable.dmn.',
    ['enabled', 'enable-safe-xml', 'history-enabled', 'strict-mode'],
    "Weir's DMN engine is always on under `/dmn-api`, reads DMN without external entities and records every decision run",
  ),
  ...each('flowable.dmn.', resources, NOT_AUTO_DEPLOYED('DMN', '/dmn-api')),
  ...each('flowable.dmn.', servlet, FIXED_PATHS),
  ...each('flowable.app.', ['enabled'], "Weir's app engine is always on, under `/app-api`"),
  ...each(
    'flowable.app.',
    resources,
    'Weir deploys `.app` files and app archives through `/app-api`; its auto-deployment folder takes BPMN files only',
  ),
  ...each('flowable.app.', servlet, FIXED_PATHS),
  ...each('flowable.form.', ['enabled'], "Weir's form engine is always on, under `/form-api`"),
  ...each('flowable.form.', resources, NOT_AUTO_DEPLOYED('form', '/form-api')),
  ...each('flowable.form.', servlet, FIXED_PATHS),
  ...each('flowable.content.', ['enabled'], "Weir's content engine is always on, under `/content-api`"),
  ...each('flowable.content.', servlet, FIXED_PATHS),
  ...each('flowable.eventregistry.', ['enabled', ...resources, ...servlet], BPMN_ONLY('event registry')),
  // FlowableIdmProperties and FlowableLdapProperties
  ...each(
    'flowable.idm.',
    ['enabled'],
    "Weir's users and groups always live in its own database, served at `/idm-api`",
  ),
  ...each('flowable.idm.', ['password-encoder'], 'Weir hashes passwords with its own scheme'),
  ...each('flowable.idm.', servlet, FIXED_PATHS),
  ...each(
    'flowable.idm.ldap.',
    [
      'enabled',
      'server',
      'port',
      'user',
      'password',
      'base-dn',
      'user-base-dn',
      'group-base-dn',
      'initial-context-factory',
      'security-authentication',
      'custom-connection-parameters',
      'search-time-limit',
      'cache.group-size',
      'attribute.user-id',
      'attribute.first-name',
      'attribute.last-name',
      'attribute.email',
      'attribute.group-id',
      'attribute.group-name',
      'attribute.group-type',
      'query.user-by-id',
      'query.user-by-full-name-like',
      'query.all-users',
      'query.groups-for-user',
      'query.all-groups',
      'query.group-by-id',
    ],
    'Weir has no LDAP identity service; users and groups live in its database',
  ),
  // FlowableHttpProperties: connect-timeout and socket-timeout are honoured (http-task-keys.ts)
  ...each(
    'flowable.http.',
    ['use-system-properties', 'user-system-properties'],
    "Node's HTTP client takes proxy settings from NODE_USE_ENV_PROXY and HTTP_PROXY, not from JVM properties",
  ),
  ...each(
    'flowable.http.',
    ['connection-request-timeout'],
    "Weir's HTTP task opens a connection per request; there is no pool to wait for",
  ),
  ...each(
    'flowable.http.',
    ['request-retry-limit'],
    'Weir does not retry an HTTP request itself; an async HTTP task is retried as a job',
  ),
  ...each('flowable.http.', ['disable-cert-verify'], 'Weir always verifies TLS certificates'),
  // Flowable REST app
  ...each(
    'flowable.rest.app.cors.',
    [
      'enabled',
      'allow-credentials',
      'allowed-origins',
      'allowed-headers',
      'allowed-methods',
      'exposed-headers',
    ],
    'Weir sends no CORS headers; put the API behind the same origin (the nginx in front of it)',
  ),
  ...each(
    'flowable.rest.app.',
    ['authentication-mode', 'pre-auth.principal-header', 'role-prefix'],
    "Weir always checks HTTP Basic credentials and the user's privileges, as Flowable's `verify-privilege` mode",
  ),
  ...each(
    'flowable.rest.app.',
    ['admin.first-name', 'admin.last-name', 'admin.email'],
    'Weir creates the admin with an id and password only',
  ),
  ...each('flowable.rest.app.', ['create-demo-definitions'], 'Weir deploys no demo definitions'),
  ...each(
    'flowable.rest.app.',
    ['swagger-docs-enabled'],
    'Weir always serves its OpenAPI document at `/openapi.json`',
  ),
  // Spring and the actuator
  ...each('spring.datasource.', ['driver-class-name'], 'Weir speaks to PostgreSQL through its own driver'),
  ...each(
    'management.endpoint.flowable.',
    ['enabled', 'cache.time-to-live'],
    "Weir's actuator endpoints are fixed",
  ),
];
