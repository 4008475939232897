/**
 * The browser libraries the app loads, served from `node_modules` one file at a time. This
 * list is the whole of what `/vendor/` serves: never the folder itself, which holds thousands
 * of files nobody reviewed for a browser (and the server's own dependencies).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The folder of an installed package (its `exports` may hide `package.json` from resolve). */
const packageRoot = (name: string): string => {
  let folder = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === name) return folder;
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`Cannot find the folder of the package '${name}'`);
    folder = parent;
  }
};

export interface VendorFile {
  /** the file's absolute folder and name, for `reply.sendFile` */
  readonly folder: string;
  readonly file: string;
  /** how the app imports it (an import-map entry), for ES modules */
  readonly specifier?: string;
}

const entry = (pkg: string, path: string, specifier?: string): VendorFile => {
  const full = join(packageRoot(pkg), path);
  return { folder: dirname(full), file: full.slice(dirname(full).length + 1), specifier };
};

/** URL name under `/vendor/` -> the file. */
export const vendorFiles: ReadonlyMap<string, VendorFile> = new Map([
  ['preact.mjs', entry('preact', 'dist/preact.mjs', 'preact')],
  ['preact-hooks.mjs', entry('preact', 'hooks/dist/hooks.mjs', 'preact/hooks')],
  ['htm.mjs', entry('htm', 'dist/htm.mjs', 'htm')],
  ['htm-preact.mjs', entry('htm', 'preact/index.mjs', 'htm/preact')],
  // bpmn-js's own distributed bundle: a classic script that defines `window.BpmnJS`
  ['bpmn-navigated-viewer.js', entry('bpmn-js', 'dist/bpmn-navigated-viewer.production.min.js')],
  ['diagram-js.css', entry('bpmn-js', 'dist/assets/diagram-js.css')],
  ['bpmn-js.css', entry('bpmn-js', 'dist/assets/bpmn-js.css')],
]);

/** `{"imports": {"preact": "./vendor/preact.mjs", ...}}` */
export const importMap = (): string =>
  JSON.stringify({
    imports: Object.fromEntries(
      [...vendorFiles]
        .filter(([, file]) => file.specifier !== undefined)
        .map(([name, file]) => [file.specifier, `./vendor/${name}`]),
    ),
  });
