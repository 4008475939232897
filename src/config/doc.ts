import { noEffectKeys } from './flowable-keys.ts';
import { configKeys } from './keys.ts';
import type { ConfigKey, ValueType } from './key-types.ts';
import { envNameOf } from './relaxed.ts';

/**
 * Renders `docs/configuration.md` from the key registry, so the reference cannot drift from
 * the code: `scripts/config-doc.ts` prints it and a test compares it with the committed file.
 */

const typeName = (type: ValueType): string => {
  switch (type.kind) {
    case 'int':
      return `integer ${type.min}–${type.max}`;
    case 'port':
      return 'port';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'text';
    case 'duration':
      return 'duration';
    case 'byte-size':
      return 'size';
    case 'enum':
      return type.values.join(' / ');
    case 'list':
      return 'list';
    case 'postgres-url':
      return 'PostgreSQL URL';
    case 'jdbc-url':
      return 'JDBC PostgreSQL URL';
  }
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');

const defaultCell = (entry: ConfigKey): string => {
  if (entry.default !== undefined) return entry.default === '' ? 'empty' : `\`${entry.default}\``;
  if (entry.fallback !== undefined) return `value of \`${entry.fallback}\``;
  return entry.unsetMeaning === undefined ? 'unset' : `unset: ${entry.unsetMeaning}`;
};

const row = (entry: ConfigKey): string =>
  `| \`${entry.key}\` | \`${envNameOf(entry.key)}\` | ${cell(typeName(entry.type))} | ${cell(defaultCell(entry))} | ${cell(entry.description)} |`;

const INTRO = `# Configuration

<!-- Generated from the key registry in src/config/ by \`node scripts/config-doc.ts > docs/configuration.md\`; do not edit by hand. -->

Weir builds one typed configuration at boot from four sources; a later one overrides an earlier one:

1. the defaults below;
2. \`application.properties\` **or** \`application.yaml\` / \`application.yml\` in the working directory
   (two of them at once is an error), or the file named by \`--config FILE\`, which must exist;
3. environment variables in Spring's relaxed form: upper case with \`_\` for \`.\` and \`-\`
   (\`SERVER_PORT\`, \`FLOWABLE_AUTO_DEPLOYMENT_USE_LOCK\`, \`DATABASE_URL\`). Names are matched
   ignoring case, \`.\`, \`-\` and \`_\`, so camelCase works too;
4. command-line flags after the subcommand: \`weir start --server.port=8091\` or \`--server.port 8091\`.

Keys under \`server.\`, \`database.\`, \`weir.\`, \`flowable.\`, \`spring.\` and \`logging.\` must be known: a
misspelt one stops the boot and names the nearest valid key. Other keys in a file are ignored, as are
unknown \`SERVER_*\`, \`SPRING_*\`, \`DATABASE_*\` and \`LOGGING_*\` variables; unknown \`WEIR_*\` and
\`FLOWABLE_*\` variables are an error. Every value given is validated, even one a higher source overrides.

Value formats:

- **duration**: ISO-8601 with days, hours, minutes and seconds (\`PT5M\`, \`PT0.5S\`, \`P1DT12H\`), or Spring's simple form (\`5m\`, \`30s\`, \`500ms\`).
- **size**: bytes with an optional binary unit: \`1048576\`, \`512KB\`, \`10MB\`, \`1GB\`.
- **boolean**: \`true\` or \`false\`.
- **list**: comma-separated (\`a,b\`), or a YAML list; empty means an empty list.
- Paths are relative to the working directory. An empty value leaves a key without a default unset.
- In YAML, nested maps are dotted keys: \`server: { port: 8091 }\` is \`server.port\`.

\`weir config\` prints every effective value and where it came from, with passwords masked.

| Key | Environment variable | Type | Default | Meaning |
|---|---|---|---|---|
`;

const FLOWABLE_INTRO = `
## Flowable's properties

A Flowable Spring Boot \`application.properties\` starts Weir as it is. Every property of Flowable's
Spring Boot starter (the \`Flowable*Properties\` classes and the list in Flowable's Spring Boot guide) is
either honoured or accepted with no effect: then the boot logs one warning per key, saying why. Any
other key under \`flowable.\` stops the boot and names the nearest known key. \`spring.datasource.url\`
must be a \`jdbc:postgresql:\` URL; \`database.url\` wins when both are given (with a warning).
Relaxed binding applies: \`flowable.asyncExecutorActivate\` and \`FLOWABLE_ASYNC_EXECUTOR_ACTIVATE\` work.

| Flowable key | In Weir |
|---|---|
`;

const isFlowableName = (name: string): boolean => /^(flowable|spring)\./.test(name);

const flowableRows = (): string[] => [
  ...configKeys.flatMap((entry) => [
    ...(isFlowableName(entry.key) ? [`| \`${entry.key}\` | honoured |`] : []),
    ...(entry.aliases ?? [])
      .filter(isFlowableName)
      .map((alias) => `| \`${alias}\` | honoured, as \`${entry.key}\` |`),
  ]),
  ...noEffectKeys.map((entry) => `| \`${entry.key}\` | no effect: ${cell(entry.reason)} |`),
];

export const renderConfigDoc = (): string =>
  `${INTRO}${configKeys.map(row).join('\n')}\n${FLOWABLE_INTRO}${flowableRows().join('\n')}\n`;
