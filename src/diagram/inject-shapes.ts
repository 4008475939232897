/**
 * Drawing an injected branch (see `model/inject-xml.ts`) into the derived definition's diagram,
 * so that the diagram endpoints show the new activity. Flowable shifts the whole drawing to make
 * room above the start event; Weir leaves every existing shape where it is and draws the branch
 * in a row below the lowest shape of the process: fork, activity (a subprocess collapsed, as
 * Flowable draws it), end event. A resource with no drawing of the process stays undrawn.
 */
import { diagramOfProcess, readDiagram, type Bounds } from './di.ts';

export interface InjectedBranch {
  readonly processId: string;
  readonly startEventId: string | undefined;
  readonly gatewayId: string;
  readonly activityId: string;
  readonly collapsed: boolean;
  readonly endId: string;
  readonly flowIds: readonly [string, string, string | undefined];
}

const SKIPPED = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';
const GAP = 60;

const shape = (prefix: string, elementId: string, b: Bounds, collapsed = false): string =>
  `<${prefix}BPMNShape id="${elementId}_di" bpmnElement="${elementId}"${collapsed ? ' isExpanded="false"' : ''}>` +
  `<weirdc:Bounds xmlns:weirdc="${DC}" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"/>` +
  `</${prefix}BPMNShape>`;

const edge = (prefix: string, elementId: string, points: readonly [number, number][]): string =>
  `<${prefix}BPMNEdge id="${elementId}_di" bpmnElement="${elementId}" xmlns:weirdi="${DI}">` +
  points.map(([x, y]) => `<weirdi:waypoint x="${x}" y="${y}"/>`).join('') +
  `</${prefix}BPMNEdge>`;

/** `xml` with shapes and edges for the branch added to the plane that draws the process. */
export const drawInjectedBranch = (xml: string, branch: InjectedBranch): string => {
  const drawn = diagramOfProcess(readDiagram(xml), branch.processId).shapes;
  if (drawn.length === 0) return xml;
  const blank = xml.replace(SKIPPED, (m) => ' '.repeat(m.length));
  const plane = new RegExp(
    `<([\\w.-]+:)?BPMNPlane\\b[^>]*\\sbpmnElement\\s*=\\s*["']${branch.processId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'][^>]*>`,
  ).exec(blank);
  if (!plane) return xml;
  const prefix = plane[1] ?? '';
  const close = blank.indexOf(`</${prefix}BPMNPlane>`, plane.index);
  if (close === -1) return xml;
  const start = drawn.find((s) => s.elementId === branch.startEventId)?.bounds;
  const left = start?.x ?? Math.min(...drawn.map((s) => s.bounds.x));
  const top = Math.max(...drawn.map((s) => s.bounds.y + s.bounds.height)) + GAP;
  const gateway = { x: left, y: top + 20, width: 40, height: 40 };
  const activity = { x: left + 90, y: top, width: 100, height: 80 };
  const end = { x: left + 240, y: top + 26, width: 28, height: 28 };
  const middle = top + 40;
  const [toActivity, toEnd, fromStart] = branch.flowIds;
  const parts = [
    shape(prefix, branch.gatewayId, gateway),
    shape(prefix, branch.activityId, activity, branch.collapsed),
    shape(prefix, branch.endId, end),
    edge(prefix, toActivity, [
      [gateway.x + 40, middle],
      [activity.x, middle],
    ]),
    edge(prefix, toEnd, [
      [activity.x + 100, middle],
      [end.x, middle],
    ]),
  ];
  if (start && fromStart)
    parts.push(
      edge(prefix, fromStart, [
        [start.x + start.width / 2, start.y + start.height],
        [gateway.x + 20, gateway.y],
      ]),
    );
  return `${xml.slice(0, close)}${parts.join('\n')}\n${xml.slice(close)}`;
};
