/**
 * Delegates: what `flowable:class` and `flowable:delegateExpression` point at. In Flowable
 * they are Java classes; in Weir they are TypeScript (or JavaScript) values registered by
 * name, from the delegates folder at boot or in code. A delegate is a function or an object
 * with `execute` (service tasks) or `notify` (listeners). Registered beans are also what
 * expressions may call methods on; nothing else of the host is reachable from an expression.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exposedMethods } from '../expression/index.ts';
import { WeirError } from '../errors.ts';

type DelegateFunction = (...args: never[]) => unknown;

interface DelegateObject {
  execute?: (...args: never[]) => unknown;
  notify?: (...args: never[]) => unknown;
  [key: string]: unknown;
}

export type Delegate = DelegateFunction | DelegateObject;

export class DelegateRegistry {
  readonly #byName = new Map<string, Delegate>();

  register(name: string, delegate: Delegate): void {
    if (typeof delegate !== 'function' && (typeof delegate !== 'object' || delegate === null)) {
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Delegate '${name}' must be a function or an object`);
    }
    if (typeof delegate === 'object') markExposed(delegate);
    this.#byName.set(name, delegate);
  }

  get(name: string): Delegate | undefined {
    return this.#byName.get(name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  names(): ReadonlySet<string> {
    return new Set(this.#byName.keys());
  }

  /**
   * Load every `.ts`, `.js` and `.mjs` module of a folder; each named export that is a
   * function or an object is registered under its export name, a default export under the
   * file's base name. A missing folder is no error: most installations have no delegates.
   */
  async loadFolder(folder: string): Promise<string[]> {
    let files: string[];
    try {
      files = (await readdir(folder)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const loaded: string[] = [];
    for (const file of files) {
      const full = path.resolve(folder, file);
      let mod: Record<string, unknown>;
      try {
        mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
      } catch (error) {
        throw new WeirError(
          'WEIR_DELEGATE_FAILED',
          `Delegate module ${full} cannot be loaded: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
      for (const [exportName, value] of Object.entries(mod)) {
        if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) continue;
        const name =
          exportName === 'default' ? path.basename(file).replace(/\.(ts|js|mjs)$/, '') : exportName;
        this.register(name, value as Delegate);
        loaded.push(name);
      }
    }
    return loaded;
  }
}

/** Let expressions call the methods of a registered bean (its own and its class's). */
const markExposed = (bean: object): void => {
  if (Object.prototype.hasOwnProperty.call(bean, exposedMethods)) return;
  const names = new Set<string>();
  let proto: object | null = bean;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor') continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      if (desc && typeof desc.value === 'function') names.add(key);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  try {
    Object.defineProperty(bean, exposedMethods, { value: names, enumerable: false });
  } catch {
    // a frozen bean (or a module namespace object) cannot take the marker: it stays uncallable
  }
};
