/**
 * Reading BPMN diagram interchange (`bpmndi`), and CMMN's (`cmmndi`, the same shapes and edges
 * under other names), from a deployed resource: where each element is
 * drawn (a shape's bounds, an edge's waypoints) and what each drawn element is (its tag and
 * name). A small forward scan over the tags, as `model/positions.ts` does: the resource was
 * validated at deployment (no DOCTYPE or entities), and comments and CDATA are skipped whole so
 * that a script's text cannot pass for a tag.
 */

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface DiShape {
  readonly elementId: string;
  readonly bounds: Bounds;
  /** a subprocess drawn open (default) or collapsed */
  readonly expanded: boolean;
}

export interface DiEdge {
  readonly elementId: string;
  readonly waypoints: readonly Point[];
  readonly labelBounds?: Bounds;
}

/** A BPMN element with an id: its local tag name (`userTask`) and `name`, if any. */
export interface DiElement {
  readonly tag: string;
  readonly name?: string;
  /** for an event: its event definition (`timerEventDefinition`), for drawing its marker */
  readonly eventDefinition?: string;
  /** `<text>` of a text annotation */
  readonly text?: string;
  /** the id of the process the element is in; for a pool (participant), the process it shows */
  readonly process?: string;
}

export interface Diagram {
  readonly shapes: readonly DiShape[];
  readonly edges: readonly DiEdge[];
  readonly elements: ReadonlyMap<string, DiElement>;
}

const SKIPPED = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
// attribute values may hold `>` (`name="amount > 100"`): quoted text is matched whole
const TAG = /<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s(?:[^>"']|"[^"]*"|'[^']*')*?)?)(\/?)>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity];
  });

const attributesOf = (text: string): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = match[1].includes(':') ? match[1].slice(match[1].indexOf(':') + 1) : match[1];
    attributes[name] = decode(match[2] ?? match[3] ?? '');
  }
  return attributes;
};

/** CMMN's diagram interchange names its shapes, edges and labels as BPMN's do, with a C. */
const SHAPE = new Set(['BPMNShape', 'CMMNShape']);
const EDGE = new Set(['BPMNEdge', 'CMMNEdge']);
const LABEL = new Set(['BPMNLabel', 'CMMNLabel']);
const elementRefOf = (a: Record<string, string>): string => a.bpmnElement ?? a.cmmnElementRef ?? '';

const number = (value: string | undefined): number => {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
};

const boundsOf = (a: Record<string, string>): Bounds => ({
  x: number(a.x),
  y: number(a.y),
  width: number(a.width),
  height: number(a.height),
});

export const readDiagram = (xml: string): Diagram => {
  const text = xml.replace(SKIPPED, '');
  const shapes: DiShape[] = [];
  const edges: DiEdge[] = [];
  const elements = new Map<string, DiElement>();
  let shape: { elementId: string; expanded: boolean; bounds?: Bounds } | undefined;
  let edge: { elementId: string; waypoints: Point[]; labelBounds?: Bounds } | undefined;
  let inLabel = false;
  /** the innermost open BPMN element with an id, to attach event definitions and annotation text to */
  const open: string[] = [];

  for (const match of text.matchAll(TAG)) {
    const [, closing, tag, rest, selfClosing] = match;
    if (closing) {
      if (SHAPE.has(tag) && shape) {
        if (shape.bounds)
          shapes.push({ elementId: shape.elementId, expanded: shape.expanded, bounds: shape.bounds });
        shape = undefined;
      } else if (EDGE.has(tag) && edge) {
        edges.push(edge);
        edge = undefined;
      } else if (LABEL.has(tag)) inLabel = false;
      else {
        const at = open.findLastIndex((id) => elements.get(id)?.tag === tag);
        if (at !== -1) open.length = at;
      }
      continue;
    }
    const a = attributesOf(rest);
    if (SHAPE.has(tag)) {
      shape = { elementId: elementRefOf(a), expanded: a.isExpanded !== 'false' };
      if (selfClosing) shape = undefined;
    } else if (EDGE.has(tag)) {
      edge = { elementId: elementRefOf(a), waypoints: [] };
      if (selfClosing) edge = undefined;
    } else if (LABEL.has(tag)) {
      inLabel = !selfClosing;
    } else if (tag === 'Bounds') {
      if (inLabel && edge) edge.labelBounds = boundsOf(a);
      else if (!inLabel && shape) shape.bounds = boundsOf(a);
    } else if (tag === 'waypoint') {
      edge?.waypoints.push({ x: number(a.x), y: number(a.y) });
    } else if (tag.endsWith('EventDefinition') && open.length > 0) {
      const owner = open[open.length - 1];
      elements.set(owner, { ...elements.get(owner)!, eventDefinition: tag });
    } else if (tag === 'text' && open.length > 0 && !selfClosing) {
      const owner = open[open.length - 1];
      const end = text.indexOf('<', (match.index ?? 0) + match[0].length);
      const body = text.slice((match.index ?? 0) + match[0].length, end === -1 ? undefined : end);
      elements.set(owner, { ...elements.get(owner)!, text: decode(body).trim() });
    } else if (a.id !== undefined && !shape && !edge) {
      const inProcess = tag === 'process' ? a.id : open.findLast((id) => elements.get(id)?.tag === 'process');
      const process = tag === 'participant' ? a.processRef : inProcess;
      elements.set(a.id, {
        tag,
        ...(a.name !== undefined ? { name: a.name } : {}),
        ...(process !== undefined ? { process } : {}),
      });
      if (!selfClosing) open.push(a.id);
    }
  }
  return { shapes, edges, elements };
};

/** The shapes and edges of one process (its pool, lanes, nodes, flows and annotations). */
export const diagramOfProcess = (diagram: Diagram, processId: string): Diagram => {
  const ours = (id: string) => diagram.elements.get(id)?.process === processId;
  return {
    shapes: diagram.shapes.filter((s) => ours(s.elementId)),
    edges: diagram.edges.filter((e) => ours(e.elementId)),
    elements: diagram.elements,
  };
};

/** Whether a resource draws the process: Flowable's `graphicalNotationDefined`. */
export const hasDiagramOf = (xml: string, processId: string): boolean =>
  diagramOfProcess(readDiagram(xml), processId).shapes.some((s) => s.bounds.width > 0 && s.bounds.height > 0);
