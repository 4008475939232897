/**
 * A process diagram as SVG, drawn from its diagram interchange: pools and lanes, events as
 * circles, gateways as diamonds with their marker, activities as rounded boxes, sequence flows
 * as arrows; a case model (CMMN) with its plan model and stages as containers, tasks as
 * boxes, milestones as pills, event listeners as circles and criteria as small diamonds; a decision requirements diagram (DMN) with decisions as boxes, input data as
 * rounded ones, decision services as containers and information requirements as arrows.
 * Active activities (of a running instance) are outlined in red. Every name and text
 * from the resource is escaped: a name such as `<script>` is shown, never run.
 */
import type { Bounds, Diagram, DiElement, DiShape, Point } from './di.ts';

const MARGIN = 10;
const ACTIVE = '#d22';
const CHAR_WIDTH = 6.5;
const LINE_HEIGHT = 14;

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const n = (value: number): string => String(Math.round(value * 100) / 100);

/** Words into lines no wider than `width` (by an average glyph width; good enough for labels). */
const wrap = (text: string, width: number): string[] => {
  const perLine = Math.max(4, Math.floor(width / CHAR_WIDTH));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
};

const textBlock = (text: string, cx: number, cy: number, width: number, anchor = 'middle'): string => {
  const lines = wrap(text, width);
  const top = cy - ((lines.length - 1) * LINE_HEIGHT) / 2;
  return lines
    .map(
      (line, i) =>
        `<text fill="#222" stroke="none" x="${n(cx)}" y="${n(top + i * LINE_HEIGHT)}" text-anchor="${anchor}" dominant-baseline="middle">${escapeXml(line)}</text>`,
    )
    .join('');
};

type ShapeKind =
  | 'event'
  | 'gateway'
  | 'activity'
  | 'pool'
  | 'annotation'
  | 'data'
  | 'decision'
  | 'stage'
  | 'milestone'
  | 'other';

const kindOf = (tag: string): ShapeKind => {
  // a case (CMMN): the plan model and stages as containers, event listeners as events,
  // criteria as small diamonds (sentries), milestones as pills; its tasks end in `Task`
  if (tag === 'casePlanModel' || tag === 'stage') return 'stage';
  if (tag === 'milestone') return 'milestone';
  if (tag.endsWith('EventListener')) return 'event';
  if (tag === 'entryCriterion' || tag === 'exitCriterion') return 'gateway';
  // a decision requirements diagram (DMN): decisions are plain boxes, services rounded containers
  if (tag === 'decision' || tag === 'inputData' || tag === 'knowledgeSource') return 'decision';
  if (tag === 'decisionService') return 'pool';
  if (tag.endsWith('Event')) return 'event';
  if (tag.endsWith('Gateway')) return 'gateway';
  if (tag.endsWith('Task') || tag === 'task' || tag === 'subProcess' || tag === 'transaction')
    return 'activity';
  if (tag === 'callActivity' || tag === 'adHocSubProcess') return 'activity';
  if (tag === 'participant' || tag === 'lane') return 'pool';
  if (tag === 'textAnnotation') return 'annotation';
  if (tag.startsWith('data')) return 'data';
  return 'other';
};

const GATEWAY_MARKERS: Record<string, (cx: number, cy: number) => string> = {
  exclusiveGateway: (cx, cy) =>
    `<path d="M${n(cx - 8)} ${n(cy - 8)}L${n(cx + 8)} ${n(cy + 8)}M${n(cx + 8)} ${n(cy - 8)}L${n(cx - 8)} ${n(cy + 8)}" stroke-width="3"/>`,
  parallelGateway: (cx, cy) =>
    `<path d="M${n(cx)} ${n(cy - 11)}V${n(cy + 11)}M${n(cx - 11)} ${n(cy)}H${n(cx + 11)}" stroke-width="3"/>`,
  inclusiveGateway: (cx, cy) => `<circle cx="${n(cx)}" cy="${n(cy)}" r="9" stroke-width="2.5"/>`,
  eventBasedGateway: (cx, cy) =>
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="11"/><circle cx="${n(cx)}" cy="${n(cy)}" r="8"/>`,
};

/** Event markers as small drawings (a glyph would depend on the viewer's fonts). */
const EVENT_MARKERS: Record<string, (cx: number, cy: number) => string> = {
  timerEventDefinition: (cx, cy) =>
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="8"/><path d="M${n(cx)} ${n(cy - 6)}V${n(cy)}H${n(cx + 4)}" fill="none"/>`,
  messageEventDefinition: (cx, cy) =>
    `<rect x="${n(cx - 8)}" y="${n(cy - 5)}" width="16" height="11"/><path d="M${n(cx - 8)} ${n(cy - 5)}L${n(cx)} ${n(cy + 1)}L${n(cx + 8)} ${n(cy - 5)}" fill="none"/>`,
  signalEventDefinition: (cx, cy) =>
    `<path d="M${n(cx)} ${n(cy - 8)}L${n(cx + 8)} ${n(cy + 6)}H${n(cx - 8)}Z"/>`,
  errorEventDefinition: (cx, cy) =>
    `<path d="M${n(cx - 7)} ${n(cy + 7)}L${n(cx - 3)} ${n(cy - 7)}L${n(cx + 2)} ${n(cy + 2)}L${n(cx + 7)} ${n(cy - 7)}" fill="none"/>`,
  terminateEventDefinition: (cx, cy) => `<circle cx="${n(cx)}" cy="${n(cy)}" r="8" fill="#222"/>`,
};

const label = (element: DiElement | undefined, b: Bounds, below: boolean): string => {
  const name = element?.name;
  if (!name) return '';
  return below
    ? textBlock(name, b.x + b.width / 2, b.y + b.height + 12, Math.max(90, b.width * 2))
    : textBlock(name, b.x + b.width / 2, b.y + b.height / 2, b.width - 8);
};

const drawShape = (shape: DiShape, element: DiElement | undefined, active: boolean): string => {
  const b = shape.bounds;
  const tag = element?.tag ?? 'unknown';
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const id = escapeXml(shape.elementId);
  const stroke = active ? ` stroke="${ACTIVE}" stroke-width="3"` : '';
  const open = `<g class="shape ${escapeXml(tag)}${active ? ' active' : ''}" data-element-id="${id}">`;
  switch (kindOf(tag)) {
    case 'event': {
      const r = Math.min(b.width, b.height) / 2;
      const width =
        tag === 'endEvent' ? 4 : tag.startsWith('intermediate') || tag === 'boundaryEvent' ? 1 : 1.5;
      const inner = width === 1 ? `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r - 3)}"/>` : '';
      const marker = element?.eventDefinition ? (EVENT_MARKERS[element.eventDefinition]?.(cx, cy) ?? '') : '';
      return `${open}<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" stroke-width="${width}"${stroke}/>${inner}<g stroke-width="1.2">${marker}</g>${label(element, b, true)}</g>`;
    }
    case 'gateway': {
      const points = `${n(cx)},${n(b.y)} ${n(b.x + b.width)},${n(cy)} ${n(cx)},${n(b.y + b.height)} ${n(b.x)},${n(cy)}`;
      const marker = GATEWAY_MARKERS[tag]?.(cx, cy) ?? '';
      return `${open}<polygon points="${points}"${stroke}/>${marker}${label(element, b, true)}</g>`;
    }
    case 'activity': {
      const expanded = tag === 'subProcess' && shape.expanded;
      const name =
        expanded && element?.name
          ? textBlock(element.name, b.x + 8, b.y + 12, b.width - 16, 'start')
          : label(element, b, false);
      return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="10"${stroke}/>${name}</g>`;
    }
    case 'stage': {
      const name = element?.name ? textBlock(element.name, b.x + 8, b.y + 12, b.width - 16, 'start') : '';
      return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="6"${stroke}/>${name}</g>`;
    }
    case 'milestone':
      return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${n(b.height / 2)}"${stroke}/>${label(element, b, false)}</g>`;
    case 'decision': {
      const rx = tag === 'inputData' ? b.height / 2 : 0;
      return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${n(rx)}"${stroke}/>${label(element, b, false)}</g>`;
    }
    case 'pool': {
      if (tag === 'decisionService')
        return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="16"/>${label(element, { ...b, height: 28 }, false)}</g>`;
      const name = element?.name
        ? `<text fill="#222" stroke="none" transform="translate(${n(b.x + 15)} ${n(cy)}) rotate(-90)" text-anchor="middle" dominant-baseline="middle">${escapeXml(element.name)}</text>`
        : '';
      return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}"/><path d="M${n(b.x + 30)} ${n(b.y)}V${n(b.y + b.height)}"/>${name}</g>`;
    }
    case 'annotation': {
      const text = element?.text ? textBlock(element.text, b.x + 6, cy, b.width - 10, 'start') : '';
      return `${open}<path d="M${n(b.x + 15)} ${n(b.y)}H${n(b.x)}V${n(b.y + b.height)}H${n(b.x + 15)}"/>${text}</g>`;
    }
    default:
      return `${open}<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" stroke-dasharray="3 3"/>${label(element, b, true)}</g>`;
  }
};

/** Edges that end in an arrow, and edges drawn solid (the others are dashed: associations, authority). */
const ARROWED = new Set(['sequenceFlow', 'messageFlow', 'informationRequirement']);
const SOLID = new Set(['sequenceFlow', 'informationRequirement', 'decisionServiceDivider']);

const drawEdge = (
  points: readonly Point[],
  tag: string,
  name: string | undefined,
  labelBounds?: Bounds,
): string => {
  if (points.length < 2) return '';
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join('');
  const arrow = ARROWED.has(tag) ? ' marker-end="url(#arrow)"' : '';
  const dash = SOLID.has(tag) ? '' : ' stroke-dasharray="4 3"';
  const middle = points[Math.floor(points.length / 2)];
  const at = labelBounds ?? { x: middle.x, y: middle.y - 10, width: 0, height: 0 };
  const text = name ? textBlock(name, at.x + at.width / 2, at.y + at.height / 2, Math.max(at.width, 90)) : '';
  return `<g class="edge ${escapeXml(tag)}"><path d="${d}" fill="none"${arrow}${dash}/>${text}</g>`;
};

const extentOf = (diagram: Diagram): Bounds => {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { bounds: b } of diagram.shapes) {
    xs.push(b.x, b.x + b.width);
    ys.push(b.y, b.y + b.height + 24);
  }
  for (const p of diagram.edges.flatMap((e) => e.waypoints)) {
    xs.push(p.x);
    ys.push(p.y);
  }
  const minX = Math.min(...xs) - MARGIN;
  const minY = Math.min(...ys) - MARGIN;
  return {
    x: minX,
    y: minY,
    width: Math.max(...xs) + MARGIN - minX,
    height: Math.max(...ys) + MARGIN - minY,
  };
};

/**
 * Containers first (pools, lanes, open subprocesses; the larger under the smaller), then the
 * edges, then the other shapes on top, as a modeller draws them: a container's white fill
 * must not hide the flows inside it.
 */
export const renderSvg = (diagram: Diagram, activeIds: ReadonlySet<string> = new Set()): string => {
  const view = extentOf(diagram);
  const isContainer = (s: DiShape) => {
    const tag = diagram.elements.get(s.elementId)?.tag ?? '';
    return (
      kindOf(tag) === 'pool' ||
      kindOf(tag) === 'stage' ||
      (s.expanded && (tag === 'subProcess' || tag === 'transaction'))
    );
  };
  const area = (s: DiShape) => s.bounds.width * s.bounds.height;
  const shape = (s: DiShape) => drawShape(s, diagram.elements.get(s.elementId), activeIds.has(s.elementId));
  const parts = [
    ...diagram.shapes
      .filter(isContainer)
      .sort((a, b) => area(b) - area(a))
      .map(shape),
    ...diagram.edges.map((e) => {
      const element = diagram.elements.get(e.elementId);
      return drawEdge(e.waypoints, element?.tag ?? 'sequenceFlow', element?.name, e.labelBounds);
    }),
    ...diagram.shapes.filter((s) => !isContainer(s)).map(shape),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(view.x)} ${n(view.y)} ${n(view.width)} ${n(view.height)}" width="${n(view.width)}" height="${n(view.height)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#222"/></marker></defs>',
    '<g fill="#fff" stroke="#222" stroke-width="1.5" font-family="sans-serif" font-size="12">',
    ...parts,
    '</g></svg>',
  ].join('\n');
};
