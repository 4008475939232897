/**
 * Reading BPMN XML into bpmn-moddle's element tree, turning what the reader complains about into
 * problems with line numbers.
 *
 * bpmn-moddle reads leniently: most trouble (an unknown element, a dangling reference, a broken
 * attribute) comes back as a warning, and only badly broken XML rejects. Warnings about things Weir
 * checks itself (references, duplicate ids) or deliberately ignores (unknown Flowable extensions
 * such as `flowable:formData`, unknown attributes) are dropped here.
 */

import { BpmnModdle } from 'bpmn-moddle';
import type { ModdleElement, ModdleReference, ModdleWarning } from 'bpmn-moddle';

import { localName } from './elements.ts';
import { ACTIVITI_NAMESPACE, FLOWABLE_NAMESPACE, flowableDescriptor } from './descriptor.ts';
import type { PositionIndex } from './positions.ts';
import type { Problems } from './problems.ts';
import type { Position } from './types.ts';

export interface ParsedXml {
  readonly definitions: ModdleElement;
  /** the raw id an `idref` attribute held, whether or not it resolved: `refOf(flow, 'sourceRef')` */
  readonly refOf: (element: ModdleElement, property: string) => string | undefined;
}

// Building moddle's type registry costs far more than a small parse, so it is done once. Reading
// keeps no state on the instance between calls.
let moddle: BpmnModdle | undefined;
const reader = (): BpmnModdle =>
  (moddle ??= new BpmnModdle(
    { flowable: flowableDescriptor },
    // the Activiti namespace is read as if it were Flowable's: one descriptor serves both
    { nsMap: { [ACTIVITI_NAMESPACE]: 'flowable', [FLOWABLE_NAMESPACE]: 'flowable' } },
  ));

export const readXml = async (
  xml: string,
  positions: PositionIndex,
  problems: Problems,
): Promise<ParsedXml | null> => {
  if (positions.declaration) {
    problems.at(
      positions.declaration,
      `<!${positions.declaration.keyword}> is refused: DOCTYPE and ENTITY declarations are not allowed in BPMN files`,
    );
    return null;
  }
  if (xml.trim() === '') {
    problems.at(undefined, 'the resource is empty');
    return null;
  }

  let result;
  try {
    result = await reader().fromXML(xml);
  } catch (error) {
    // what the reader said before giving up is mostly the same fault seen from inside
    const warnings = (error as { warnings?: readonly ModdleWarning[] }).warnings ?? [];
    warnings
      .filter((warning) => !isContentError(warning))
      .forEach((warning) => reportWarning(warning, positions, problems));
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('failed to parse document as')) {
      problems.at(positions.root, 'the document element must be BPMN <definitions>');
    } else if (positions.unbalanced) {
      problems.at(positions.unbalanced, `XML is not well-formed: ${positions.unbalanced.message}`);
    } else {
      reportMalformed(message, positions, problems);
    }
    return null;
  }
  result.warnings.forEach((warning) => reportWarning(warning, positions, problems));

  if (result.rootElement.$type !== 'bpmn:Definitions') {
    problems.at(positions.root, 'the document element must be BPMN <definitions>');
    return null;
  }
  const local = localReference(result.rootElement);
  return { definitions: result.rootElement, refOf: referenceLookup(result.references, local) };
};

const referenceLookup = (
  references: readonly ModdleReference[],
  local: (id: string) => string,
): ParsedXml['refOf'] => {
  const byElement = new Map<ModdleElement, Map<string, string>>();
  for (const { element, property, id } of references) {
    let properties = byElement.get(element);
    if (!properties) byElement.set(element, (properties = new Map()));
    const name = property.slice(property.indexOf(':') + 1);
    if (!properties.has(name)) properties.set(name, local(id));
  }
  return (element, property) => byElement.get(element)?.get(property);
};

/**
 * References may be QNames (`messageRef="tns:newInvoice"`). As in Flowable, a prefix bound to
 * the document's `targetNamespace` names an element of this document, so it is dropped; a
 * prefix bound elsewhere is kept and the reference then resolves to nothing, which is reported
 * where it is used. `itemSubjectRef="xsd:string"` keeps its prefix for the data object reader.
 */
const localReference = (definitions: ModdleElement): ((id: string) => string) => {
  const targetNamespace = definitions.targetNamespace;
  // A garbled document may come without attributes at all, or give a reference that is not text.
  const attributes: Record<string, unknown> = definitions.$attrs ?? {};
  return (id) => {
    if (typeof id !== 'string') return id;
    const colon = id.indexOf(':');
    if (colon <= 0 || typeof targetNamespace !== 'string') return id;
    const namespace = attributes[`xmlns:${id.slice(0, colon)}`];
    return namespace === targetNamespace ? id.slice(colon + 1) : id;
  };
};

// Reader complaints that are about the BPMN content rather than about the XML being well-formed.
const CONTENT_ERROR =
  /^(unknown type|unrecognized element|unexpected element|expected element|duplicate ID|illegal ID|expected no sub nodes|unexpected body text) <([^>]*)>/;

const isContentError = (warning: ModdleWarning): boolean =>
  warning.error !== undefined && CONTENT_ERROR.test(warning.error.message);

/** Flowable's additions to the BPMN namespace that Weir does not run: refused with the reason */
const FLOWABLE_ONLY: ReadonlyMap<string, string> = new Map([
  [
    'potentialStarter',
    '<potentialStarter> is not supported (use flowable:candidateStarterUsers and flowable:candidateStarterGroups on the process)',
  ],
  ['customResource', '<customResource> (custom identity links) is not supported'],
]);

const reportWarning = (warning: ModdleWarning, positions: PositionIndex, problems: Problems): void => {
  if (!warning.error) return; // unknown attributes, unresolved references, encoding notes
  const content = CONTENT_ERROR.exec(warning.error.message);
  if (!content) {
    reportMalformed(warning.message, positions, problems);
    return;
  }
  const [, kind, name] = content;
  if (kind === 'duplicate ID') return; // found by the position scan, with both lines
  // unknown extension elements (Flowable's or anyone's) are ignored, as Flowable does
  if (kind === 'unknown type' && !name.startsWith('bpmn:')) return;
  // diagram interchange content out of place (`<omgdc:Bounds>` in extensionElements) only
  // draws; Flowable reads past it, and so does Weir
  if (/^(bpmndi|dc|di):/.test(name)) return;
  const element = localName(name);
  const message =
    FLOWABLE_ONLY.get(element) ??
    (kind === 'unknown type' ? `<${element}> is not a BPMN 2.0 element` : `<${element}> is not allowed here`);
  problems.at(locationIn(warning.message), message, element);
};

const reportMalformed = (message: string, positions: PositionIndex, problems: Problems): void => {
  const nested = /nested error: (.*)$/s.exec(message)?.[1] ?? message;
  // the reader reports the end of the input at a meaningless position; point at the real end
  const position = nested === 'unexpected end of file' ? positions.end : locationIn(message);
  problems.at(position, `XML is not well-formed: ${nested}`);
};

/** the reader's zero-based `line: N` / `column: M` in a message, as a one-based position */
const locationIn = (message: string): Position | undefined => {
  const match = /line: (\d+)\s+column: (\d+)/.exec(message);
  return match ? { line: Number(match[1]) + 1, column: Number(match[2]) + 1 } : undefined;
};
