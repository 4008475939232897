/**
 * What each `weir` command accepts, for its `--help` and for refusing what it does not know.
 * A command line is checked before anything runs: `weir start --help` prints help instead of
 * starting a node, and `weir cluster --htps` stops with a suggestion instead of quietly
 * starting a plain-HTTP cluster.
 */
import { WeirError } from '../errors.ts';
import { hasKnownPrefix, levenshtein } from '../config/relaxed.ts';

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** `weir <name> <usage>`. */
  readonly usage: string;
  /** The command's own flags, with their help lines; configuration flags come on top. */
  readonly flags: readonly (readonly [flag: string, help: string])[];
  /** Whether configuration flags (`--server.port=8091`, `--config FILE`) apply. */
  readonly configured: boolean;
  readonly details?: string;
}

const CONFIG_HELP = `Configuration flags: --config FILE, and any key of docs/configuration.md as
--key=value or --key value (--server.port=8091, --database.url=postgres://...).
Environment variables and application.properties / application.yaml apply too.`;

export const commands: readonly CommandSpec[] = [
  {
    name: 'start',
    summary: 'run a node: HTTP API, engine and job executor',
    usage: '[configuration flags]',
    flags: [],
    configured: true,
    details: 'Runs until Ctrl-C or SIGTERM, then finishes in-flight work and stops.',
  },
  {
    name: 'migrate',
    summary: 'bring the database schema up to date, then exit',
    usage: '[configuration flags]',
    flags: [],
    configured: true,
  },
  {
    name: 'reindex',
    summary: "rebuild the search index from the engine's tables (online), then exit",
    usage: '[configuration flags]',
    flags: [],
    configured: true,
    details: 'Nodes keep working meanwhile; a progress bar on a terminal, a line every 10% otherwise.',
  },
  {
    name: 'cluster',
    summary: 'a local cluster: --nodes N node processes behind nginx (--https for TLS)',
    usage: '[--nodes N] [--https] [--nginx PATH] [configuration flags]',
    flags: [
      ['--nodes', 'how many node processes, 1 to 16 (default 2)'],
      ['--https', 'nginx serves HTTPS with a fresh self-signed certificate'],
      ['--nginx', 'the nginx binary (default: found on PATH, /usr/sbin, /usr/local/sbin)'],
    ],
    configured: true,
    details:
      'Needs PostgreSQL (DATABASE_URL). nginx listens on server.port, the nodes on the ports after it.',
  },
  {
    name: 'admin',
    summary: 'operator tasks: reset-password [user]',
    usage: 'reset-password [user] [configuration flags]',
    flags: [],
    configured: true,
    details: `reset-password: give the user (default: flowable.rest.app.admin.user-id, else 'admin') a new
random password, print it once, and store only its hash. Nodes accept it at once.`,
  },
  {
    name: 'config',
    summary: 'print every effective setting and where it came from',
    usage: '[configuration flags]',
    flags: [],
    configured: true,
  },
  { name: 'version', summary: 'print the version', usage: '', flags: [], configured: false },
  {
    name: 'help',
    summary: "print this help, or a command's: weir help start",
    usage: '[command]',
    flags: [],
    configured: false,
  },
];

export const findCommand = (name: string | undefined): CommandSpec | undefined =>
  commands.find((command) => command.name === name);

export const generalHelp = (): string => {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`);
  return `Usage: weir <command> [--key=value ...]

Commands:
${lines.join('\n')}

'weir <command> --help' describes a command.

Configuration, lowest to highest precedence: defaults, application.properties or
application.yaml in the working directory (or --config FILE), environment variables
(SERVER_PORT, DATABASE_URL, ...), flags (--server.port=8091). See docs/configuration.md.`;
};

export const commandHelp = (command: CommandSpec): string => {
  const parts = [
    `Usage: weir ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
  ];
  if (command.details) parts.push('', command.details);
  if (command.flags.length > 0) {
    const width = Math.max(...command.flags.map(([flag]) => flag.length)) + 2;
    parts.push('', 'Flags:', ...command.flags.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`));
  }
  if (command.configured) parts.push('', CONFIG_HELP);
  return parts.join('\n');
};

export const wantsHelp = (argv: readonly string[]): boolean =>
  argv.some((arg) => arg === '--help' || arg === '-h');

/** The flag's name without dashes and value: `--nodes=3` → `nodes`. */
const nameOf = (arg: string): string => arg.replace(/^-+/, '').split('=', 1)[0];

const suggestionFor = (name: string, command: CommandSpec): string | undefined => {
  const candidates = [
    ...command.flags.map(([flag]) => flag),
    '--help',
    ...(command.configured ? ['--config'] : []),
  ];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(name, nameOf(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Past a third of the word, the "nearest" flag is a guess that misleads more than it helps.
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
};

/**
 * Refuse a flag the command does not know. A dotted name (`--spring.profiles.active`) is left
 * to the configuration, which refuses typos under Weir's prefixes and ignores other software's
 * keys, as it does in a properties file.
 */
export const checkFlags = (command: CommandSpec, argv: readonly string[]): void => {
  const own = new Set(command.flags.map(([flag]) => nameOf(flag)));
  for (const arg of argv) {
    if (!arg.startsWith('-') || /^-\d/.test(arg)) continue;
    const name = nameOf(arg);
    if (own.has(name)) continue;
    if (command.configured && (name === 'config' || name.includes('.') || hasKnownPrefix(name))) continue;
    const suggestion = suggestionFor(name, command);
    throw new WeirError(
      'WEIR_CONFIG_UNKNOWN_FLAG',
      `Unknown flag '${arg.split('=', 1)[0]}' for 'weir ${command.name}'` +
        (suggestion ? `; did you mean '${suggestion}'?` : '.') +
        ` Run 'weir ${command.name} --help' for what it accepts.`,
    );
  }
};
