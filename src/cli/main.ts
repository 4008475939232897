/**
 * The `weir` command line: picks the subcommand and turns failures into one line and an exit
 * code. Exit codes: 0 done, 1 the node could not start or run (database, lock, port, ...),
 * 2 the command line or configuration is wrong.
 */
import { isWeirError } from '../errors.ts';
import { weirVersion } from '../version.ts';
import { runCluster } from './cluster.ts';
import { runConfig } from './config.ts';
import { runMigrate } from './migrate.ts';
import { runReindex } from './reindex.ts';
import { runStart } from './start.ts';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** On a terminal only: redraw the current line (progress bars); absent, print lines instead. */
  readonly progress?: (text: string) => void;
}

const processIo = (): CliIo => ({
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  progress: process.stdout.isTTY
    ? (text) => process.stdout.write(text === '\n' ? text : `\r${text}`)
    : undefined,
});

const usage = `Usage: weir <command> [--key=value ...]

Commands:
  start     run a node: HTTP API, engine and job executor
  migrate   bring the database schema up to date, then exit
  reindex   rebuild the search index from the engine's tables (online), then exit
  cluster   a local cluster: --nodes N node processes behind nginx (--https for TLS)
  config    print every effective setting and where it came from
  version   print the version
  help      print this help

Configuration, lowest to highest precedence: defaults, application.properties or
application.yaml in the working directory (or --config FILE), environment variables
(SERVER_PORT, DATABASE_URL, ...), flags (--server.port=8091). See docs/configuration.md.`;

const exitCodeOf = (error: unknown): number =>
  isWeirError(error) && error.code.startsWith('WEIR_CONFIG_') ? 2 : 1;

const oneLine = (error: unknown): string => {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.replace(/\s*\n\s*/g, ' ');
};

export const runCli = async (argv: readonly string[], io: CliIo = processIo()): Promise<number> => {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await runStart(rest, io);
      case 'migrate':
        return await runMigrate(rest, io);
      case 'reindex':
        return await runReindex(rest, io);
      case 'cluster':
        return await runCluster(rest, io);
      case 'config':
        return runConfig(rest, io);
      case 'version':
      case '--version':
        io.stdout(`weir ${weirVersion}`);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        io.stdout(usage);
        return 0;
      case undefined:
        io.stderr(usage);
        return 2;
      default:
        io.stderr(`weir: unknown command '${command}'; run 'weir help' for the list`);
        return 2;
    }
  } catch (error) {
    io.stderr(`weir: ${oneLine(error)}`);
    return exitCodeOf(error);
  }
};
