import { buildConfig } from './build.ts';
import { applyDatasource } from './datasource.ts';
import { resolveSettings } from './resolve.ts';
import { parseArgs, readConfigFile, readEnv } from './sources.ts';
import type { WeirConfig } from './weir-config.ts';

/**
 * Weir's configuration: one typed, validated, frozen object built from, lowest to highest
 * precedence, the defaults in the key registry, `application.properties` or
 * `application.yaml` in the working directory (or `--config FILE`), environment variables in
 * Spring's relaxed form (`SERVER_PORT`), and command-line flags (`--server.port=8091`).
 * Every mistake is a `WeirError` (`WEIR_CONFIG_UNKNOWN_KEY`, `WEIR_CONFIG_BAD_VALUE`,
 * `WEIR_CONFIG_FILE`) with a one-line message.
 */

export interface LoadConfigInput {
  /** The arguments after the subcommand: for `weir start --server.port=1`, `['--server.port=1']`. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where `application.*` is looked for and relative paths are resolved. */
  readonly cwd: string;
}

export const loadConfig = (input: LoadConfigInput): WeirConfig => {
  const args = parseArgs(input.argv);
  const { settings, ignored } = resolveSettings([
    { source: 'file', entries: readConfigFile(input.cwd, args.configFile) },
    { source: 'env', entries: readEnv(input.env) },
    { source: 'flag', entries: args.entries },
  ]);
  const warnings = [
    ...applyDatasource(settings),
    ...ignored.map(
      ({ key, label, reason }) =>
        `Configuration key '${key}' (from ${label}) has no effect in Weir: ${reason}`,
    ),
  ];
  return buildConfig(settings, input.cwd, warnings);
};

export { configKeys } from './keys.ts';
export { renderConfigDoc } from './doc.ts';
export type { ConfigKey, ConfigSource, ValueType } from './key-types.ts';
export type { DeploymentEngine } from './auto-deployment-keys.ts';
export type {
  AutoDeploymentSettings,
  DescribedSetting,
  HistoryLevel,
  SchemaUpdate,
  WeirConfig,
} from './weir-config.ts';
