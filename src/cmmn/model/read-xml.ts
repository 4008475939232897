/**
 * Reading CMMN 1.1 XML into moddle's element tree, with cmmn-moddle's descriptors (the package's
 * own entry point is written for bundlers, so its JSON descriptors are loaded here and handed to
 * moddle and moddle-xml directly). Flowable's `flowable:` attributes land in each element's
 * `$attrs`, and its extension elements (`flowable:in`, `flowable:out`) are read as generic
 * elements; `flowable.ts` reads both by namespace, whatever prefix a file gives it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Moddle } from 'moddle';
import { Reader } from 'moddle-xml';

export interface CmmnElement {
  readonly $type: string;
  readonly $attrs?: Readonly<Record<string, string>>;
  readonly id?: string;
  readonly name?: string;
  readonly [property: string]: unknown;
}

export interface ReadResult {
  readonly root?: CmmnElement;
  readonly problems: string[];
}

const require = createRequire(import.meta.url);

let moddle: Moddle | undefined;

/** cmmn-moddle's descriptors, read once: building moddle's registry costs more than a parse. */
const cmmnModdle = (): Moddle => {
  if (moddle) return moddle;
  const folder = join(dirname(require.resolve('cmmn-moddle/package.json')), 'resources', 'cmmn', 'json');
  const load = (name: string): unknown => JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8'));
  const cmmn = load('cmmn') as {
    types: { name: string; properties?: { name: string; isAttr?: boolean }[] }[];
  };
  // cmmn-moddle declares a start trigger's standardEvent as an attribute; CMMN 1.1's schema
  // (and every Flowable file) writes it as a child element, as on an on-part
  for (const property of cmmn.types.find((t) => t.name === 'PlanItemStartTrigger')?.properties ?? [])
    if (property.name === 'standardEvent') delete property.isAttr;
  moddle = new Moddle({ cmmn, cmmndi: load('cmmndi'), dc: load('dc'), di: load('di') });
  return moddle;
};

/** moddle's "unparsable content <x> detected\n\tline: 3\n\t..." in one line. */
const describeWarning = (message: string): string => {
  const [first, ...rest] = message.split('\n').map((part) => part.trim());
  const line = rest.find((part) => part.startsWith('line:'));
  const nested = rest.find((part) => part.startsWith('nested error:'));
  return `${line === undefined ? '' : `line ${Number(line.slice(5)) + 1}: `}${first}${
    nested === undefined ? '' : ` (${nested.slice(13).trim()})`
  }`;
};

export const readCmmnXml = async (xml: string): Promise<ReadResult> => {
  if (!/<(?:[\w.-]+:)?definitions[\s>]/.test(xml))
    return { problems: ['the document has no <definitions> root element'] };
  try {
    const reader = new Reader({ model: cmmnModdle(), lax: true });
    const result = (await reader.fromXML(xml, 'cmmn:Definitions')) as {
      rootElement: CmmnElement;
      warnings: { message: string }[];
    };
    return { root: result.rootElement, problems: result.warnings.map((w) => describeWarning(w.message)) };
  } catch (error) {
    const warnings = (error as { warnings?: { message: string }[] }).warnings ?? [];
    const problems = warnings.map((warning) => describeWarning(warning.message));
    return { problems: problems.length > 0 ? problems : [(error as Error).message] };
  }
};
