import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { WeirError } from '../errors.ts';
import { parseProperties } from './properties.ts';
import { hasKnownPrefix } from './relaxed.ts';

/**
 * Readers for the three outside sources. Each returns raw `name = text` entries in reading
 * order with the label used in messages; matching names to keys happens in `resolve.ts`.
 */

export interface RawEntry {
  readonly name: string;
  readonly value: string;
  /** Where it came from, for messages: `application.yaml`, `--flag`, `environment variable X`. */
  readonly label: string;
}

export interface ParsedArgs {
  /** `--config FILE`, as written. */
  readonly configFile?: string;
  readonly entries: readonly RawEntry[];
}

const FLAG_LABEL = '--flag';

const fileError = (message: string): WeirError => new WeirError('WEIR_CONFIG_FILE', message);

/**
 * `--key=value` and `--key value` for keys under a known prefix, and `--config FILE`.
 * Flags outside the known prefixes belong to the subcommand and are skipped; anything that is
 * not a flag is an error, since a stray word is usually a mistyped flag.
 */
export const parseArgs = (argv: readonly string[]): ParsedArgs => {
  const entries: RawEntry[] = [];
  const stray: string[] = [];
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) {
      stray.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) continue;
    const body = arg.slice(2);
    const equals = body.indexOf('=');
    const name = equals === -1 ? body : body.slice(0, equals);
    const isConfig = name === 'config';
    if (!isConfig && !hasKnownPrefix(name)) continue;
    let value: string;
    if (equals !== -1) {
      value = body.slice(equals + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    } else if (isConfig) {
      throw fileError(`Missing file name after '--config'`);
    } else {
      throw new WeirError('WEIR_CONFIG_BAD_VALUE', `Missing value for '${name}' (from ${FLAG_LABEL})`);
    }
    if (isConfig) configFile = value;
    else entries.push({ name, value, label: FLAG_LABEL });
  }
  if (stray.length > 0) {
    const names = stray.map((arg) => `'${arg}'`).join(', ');
    const noun = stray.length === 1 ? 'argument' : 'arguments';
    throw new WeirError(
      'WEIR_CONFIG_UNKNOWN_KEY',
      `Unexpected ${noun} ${names}; configuration flags look like --server.port=8091`,
    );
  }
  return { configFile, entries };
};

const stringify = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/** Nested maps become dotted keys; a list of plain values becomes a comma-separated value. */
const flatten = (node: unknown, path: string, label: string, out: RawEntry[]): void => {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    if (node.some((item) => item !== null && typeof item === 'object')) {
      throw fileError(
        `Configuration file '${label}' has a list of maps at '${path}'; only lists of plain values work`,
      );
    }
    out.push({ name: path, value: node.map(stringify).join(','), label });
    return;
  }
  if (typeof node === 'object') {
    for (const [key, child] of Object.entries(node))
      flatten(child, path ? `${path}.${key}` : key, label, out);
    return;
  }
  out.push({ name: path, value: stringify(node), label });
};

const parseYaml = (text: string, label: string): RawEntry[] => {
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error) {
    throw fileError(`Configuration file '${label}' is not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const root: unknown = document.toJS();
  if (root !== null && (typeof root !== 'object' || Array.isArray(root))) {
    throw fileError(`Configuration file '${label}' must hold a map of keys at the top level`);
  }
  const entries: RawEntry[] = [];
  flatten(root, '', label, entries);
  return entries;
};

const readEntries = (path: string, label: string): RawEntry[] => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError(`Configuration file '${label}' cannot be read: ${reason}`);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return parseYaml(text, label);
  return parseProperties(text).map(([name, value]) => ({ name, value, label }));
};

const DEFAULT_FILES = ['application.properties', 'application.yaml', 'application.yml'];

/** The explicit `--config` file, else the one `application.*` in `cwd`, else nothing. */
export const readConfigFile = (cwd: string, explicit: string | undefined): RawEntry[] => {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) {
      throw fileError(
        `Configuration file '${explicit}' given by --config does not exist (looked for ${path})`,
      );
    }
    if (statSync(path).isDirectory()) {
      throw fileError(`Configuration file '${explicit}' given by --config is a directory`);
    }
    const extension = extname(path).toLowerCase();
    if (!['.properties', '.yaml', '.yml'].includes(extension)) {
      throw fileError(`Configuration file '${explicit}' must end in .properties, .yaml or .yml`);
    }
    return readEntries(path, explicit);
  }
  const found = DEFAULT_FILES.filter((name) => existsSync(resolve(cwd, name)));
  if (found.length > 1) {
    // Spring would merge them; two files that can disagree about one key invite mistakes.
    throw fileError(`Found both ${found.join(' and ')} in ${cwd}; keep one, or choose with --config FILE`);
  }
  if (found.length === 0) return [];
  const path = resolve(cwd, found[0]);
  return readEntries(path, basename(path));
};

/** Every environment variable with a value, in the form `resolve.ts` matches against keys. */
export const readEnv = (env: Readonly<Record<string, string | undefined>>): RawEntry[] =>
  Object.entries(env)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => ({ name, value, label: `environment variable ${name}` }));
