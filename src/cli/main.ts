/**
 * The `weir` command line: picks the subcommand, checks its flags, and turns failures into one
 * line and an exit code. Exit codes: 0 done, 1 the node could not start or run (database,
 * lock, port, ...), 2 the command line or configuration is wrong.
 */
import { isWeirError } from '../errors.ts';
import { weirVersion } from '../version.ts';
import { checkFlags, commandHelp, findCommand, generalHelp, wantsHelp } from './commands.ts';

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

const exitCodeOf = (error: unknown): number =>
  isWeirError(error) && error.code.startsWith('WEIR_CONFIG_') ? 2 : 1;

const oneLine = (error: unknown): string => {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.replace(/\s*\n\s*/g, ' ');
};

const runHelp = (rest: readonly string[], io: CliIo): number => {
  const [topic] = rest;
  if (topic === undefined) {
    io.stdout(generalHelp());
    return 0;
  }
  const command = findCommand(topic);
  if (!command) {
    io.stderr(`weir: unknown command '${topic}'; run 'weir help' for the list`);
    return 2;
  }
  io.stdout(commandHelp(command));
  return 0;
};

export const runCli = async (argv: readonly string[], io: CliIo = processIo()): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(generalHelp());
    return 2;
  }
  if (command === '--help' || command === '-h') return runHelp([], io);
  if (command === '--version') return runCli(['version'], io);
  const spec = findCommand(command);
  if (!spec) {
    io.stderr(`weir: unknown command '${command}'; run 'weir help' for the list`);
    return 2;
  }
  if (spec.name === 'help') return runHelp(rest, io);
  if (wantsHelp(rest)) {
    io.stdout(commandHelp(spec));
    return 0;
  }
  try {
    checkFlags(spec, rest);
    // Loaded on demand: help, version and a refused flag answer at once, without loading the
    // engine (a second or more on a busy machine).
    switch (spec.name) {
      case 'start':
        return await (await import('./start.ts')).runStart(rest, io);
      case 'migrate':
        return await (await import('./migrate.ts')).runMigrate(rest, io);
      case 'reindex':
        return await (await import('./reindex.ts')).runReindex(rest, io);
      case 'cluster':
        return await (await import('./cluster.ts')).runCluster(rest, io);
      case 'admin':
        return await (await import('./admin.ts')).runAdmin(rest, io);
      case 'config':
        return (await import('./config.ts')).runConfig(rest, io);
      default:
        if (rest.length > 0) {
          io.stderr(`weir: 'weir version' takes no arguments`);
          return 2;
        }
        io.stdout(`weir ${weirVersion}`);
        return 0;
    }
  } catch (error) {
    io.stderr(`weir: ${oneLine(error)}`);
    return exitCodeOf(error);
  }
};
