/**
 * Reading DMN XML into dmn-moddle's element tree. dmn-moddle knows DMN 1.3 only; Flowable also
 * deploys DMN 1.1 and 1.2 files, whose elements DMN 1.3 kept under a new namespace, so those
 * namespaces are rewritten to 1.3's before reading. What the reader complains about (an
 * unknown element, a broken document) becomes a problem naming the line.
 */
import { DmnModdle } from 'dmn-moddle';
import type { DmnElement } from 'dmn-moddle';

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMNDI13 = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';

/** Earlier namespaces and the DMN 1.3 namespace each maps to. */
const OLDER_NAMESPACES: readonly (readonly [string, string])[] = [
  ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', DMN13], // DMN 1.1
  ['http://www.omg.org/spec/DMN/20151101/dmn11.xsd', DMN13],
  ['http://www.omg.org/spec/DMN/20180521/MODEL/', DMN13], // DMN 1.2
  ['http://www.omg.org/spec/DMN/20180521/DMNDI/', DMNDI13],
  ['http://www.omg.org/spec/DMN/20191111/MODEL/', DMN13], // 1.3 written with http
];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The document with older DMN namespaces (in `xmlns` declarations only) rewritten to 1.3's. */
export const upgradeNamespaces = (xml: string): string => {
  let out = xml;
  for (const [from, to] of OLDER_NAMESPACES)
    out = out.replace(
      new RegExp(`(xmlns(?::[\\w.-]+)?\\s*=\\s*["'])${escapeRegExp(from)}(["'])`, 'g'),
      `$1${to}$2`,
    );
  return out;
};

let moddle: DmnModdle | undefined;

/** The tree when the document could be read (perhaps with problems), and every problem found. */
export interface ReadResult {
  readonly root?: DmnElement;
  readonly problems: string[];
}

export const readDmnXml = async (xml: string): Promise<ReadResult> => {
  if (!/<(?:[\w.-]+:)?definitions[\s>]/.test(xml))
    return { problems: ['the document has no <definitions> root element'] };
  try {
    const result = await (moddle ??= new DmnModdle()).fromXML(upgradeNamespaces(xml));
    const problems = result.warnings.map((warning) =>
      describeWarning(warning.message, (id) => decisionHolding(result.rootElement, id)),
    );
    // moddle drops an element it complains about and reads on, so the rest is still checked
    return { root: result.rootElement, problems };
  } catch (error) {
    const warnings = (error as { warnings?: { message: string }[] }).warnings ?? [];
    const problems = warnings.map((warning) => describeWarning(warning.message));
    return { problems: problems.length > 0 ? problems : [(error as Error).message] };
  }
};

const isElement = (value: unknown): value is DmnElement =>
  typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';

/**
 * The id of the decision that holds the element with `id` (the one moddle kept of two that share
 * it), searching the tree below `element`; undefined when no decision holds it.
 */
const decisionHolding = (element: DmnElement, id: string, decision?: string): string | undefined => {
  const here = element.$type === 'dmn:Decision' && typeof element.id === 'string' ? element.id : decision;
  if (element.id === id) return here;
  for (const [name, value] of Object.entries(element)) {
    if (name.startsWith('$')) continue;
    for (const child of Array.isArray(value) ? value : [value])
      if (isElement(child)) {
        const found = decisionHolding(child, id, here);
        if (found !== undefined) return found;
      }
  }
  return undefined;
};

/** moddle's "unparsable content <x> detected\n\tline: 3\n\tcolumn: 4\n\tnested error: ..." in one line. */
const describeWarning = (
  message: string,
  decisionOf: (id: string) => string | undefined = () => undefined,
): string => {
  const [first, ...rest] = message.split('\n').map((part) => part.trim());
  const fields = Object.fromEntries(
    rest.map((part) => [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1).trim()]),
  );
  const line = fields.line === undefined ? '' : `line ${Number(fields.line) + 1}: `;
  const duplicate = /duplicate ID <(.+)>/.exec(fields['nested error'] ?? '');
  const element = /<([\w:.-]+)/.exec(first);
  if (duplicate !== null && element !== null) {
    const decision = decisionOf(duplicate[1]);
    const owner = decision === undefined ? '' : `decision '${decision}': `;
    return `${line}${owner}${element[1]} id '${duplicate[1]}' is used twice`;
  }
  const nested = fields['nested error'] === undefined ? '' : ` (${fields['nested error']})`;
  return `${line}${first}${nested}`;
};
