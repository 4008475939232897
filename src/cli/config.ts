/**
 * `weir config`: print every effective setting and where it came from (default, file,
 * environment, flag), passwords masked. The first thing to run when a node does not behave
 * as its configuration seemed to say.
 */
import { loadConfig } from '../config/index.ts';
import type { CliIo } from './main.ts';

export const runConfig = (argv: readonly string[], io: CliIo): number => {
  // In properties form, so a line can be pasted into application.properties as it is.
  const config = loadConfig({ argv, env: io.env, cwd: io.cwd });
  for (const { key, value, source } of config.describe()) io.stdout(`${key}=${value}  # ${source}`);
  // On stderr, so the output stays a valid properties file.
  for (const warning of config.warnings) io.stderr(`weir: warning: ${warning}`);
  return 0;
};
