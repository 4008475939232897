/**
 * Writing the BPMN XML of a derived process definition, as Flowable's dynamic injection does: the
 * instance's own definition plus a new branch. The initial start event now leads to a parallel
 * fork (`dynamicForkGateway1`) whose one path is the original first flow and whose other path
 * runs the injected user task (`dynamicTask1`) or embedded subprocess (`dynamicSubProcess1`) to a
 * none end event of its own. The rest of the document (diagram, extensions, other processes) is
 * kept byte for byte: only the first flow's `sourceRef` changes and the new elements are added
 * before `</process>`, so what the original says the derived copy says too.
 *
 * Text-level on purpose, like `positions.ts`: the resource was validated at deployment (no
 * DOCTYPE or entities), comments, CDATA and processing instructions are skipped whole (blanked,
 * keeping offsets) so a script's text never passes for a tag. The result is parsed and validated
 * again before it is stored.
 */

export type Injection =
  | { readonly kind: 'userTask'; readonly id?: string; readonly name?: string; readonly assignee?: string }
  | {
      readonly kind: 'subProcess';
      readonly id?: string;
      /** the BPMN XML holding the process whose flow elements become the subprocess body */
      readonly sourceXml: string;
      readonly sourceProcessId: string;
    };

export interface DerivedXml {
  readonly xml: string;
  /** the id of the injected user task or subprocess */
  readonly activityId: string;
  readonly gatewayId: string;
  readonly endId: string;
  /** the new flows: fork to activity, activity to end, start to fork (when there is a start) */
  readonly flowIds: readonly [string, string, string | undefined];
}

export interface Tag {
  readonly start: number;
  readonly end: number;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  /** `bpmn:` or '' */
  readonly prefix: string;
  readonly local: string;
  readonly attributes: string;
}

const SKIPPED = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
// attribute values may hold `>` (`name="amount > 100"`): quoted text is matched whole
const TAG = /<(\/?)([\w.-]+:)?([\w.-]+)((?:\s(?:[^>"']|"[^"]*"|'[^']*')*?)?)(\/?)>/g;
const FLOWABLE_NAMESPACE = 'http://flowable.org/bpmn';
const BPMN_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const XMLNS = /\sxmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** children of a process that are not flow elements: they stay with the process they describe */
const NOT_FLOW_ELEMENTS = new Set([
  'documentation',
  'extensionElements',
  'auditing',
  'monitoring',
  'property',
  'laneSet',
  'ioSpecification',
  'ioBinding',
  'supports',
  'resourceRole',
  'performer',
  'humanPerformer',
  'potentialOwner',
  'correlationSubscription',
]);
/** attributes that name another element of the same process */
const REFERENCES = ['id', 'sourceRef', 'targetRef', 'attachedToRef', 'default', 'activityRef'];

export const scanTags = (xml: string): Tag[] => {
  const blank = xml.replace(SKIPPED, (m) => ' '.repeat(m.length));
  return [...blank.matchAll(TAG)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    closing: m[1] === '/',
    selfClosing: m[5] === '/',
    prefix: m[2] ?? '',
    local: m[3],
    attributes: m[4],
  }));
};

export const attributeOf = (tag: Tag, name: string): string | undefined => {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag.attributes);
  return m ? (m[1] ?? m[2]) : undefined;
};

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** The open and close tags of `<process id="...">`, or undefined. */
export const processSpan = (
  tags: readonly Tag[],
  processId: string,
): { open: Tag; close: Tag } | undefined => {
  const at = tags.findIndex((t) => !t.closing && t.local === 'process' && attributeOf(t, 'id') === processId);
  if (at === -1 || tags[at].selfClosing) return undefined;
  const close = tags.slice(at + 1).find((t) => t.closing && t.local === 'process');
  return close ? { open: tags[at], close } : undefined;
};

export const idsOf = (tags: readonly Tag[]): Set<string> =>
  new Set(tags.flatMap((t) => (t.closing ? [] : [attributeOf(t, 'id')].filter((id) => id !== undefined))));

/** Flowable's id scheme: the prefix and the first counter (from 1) not yet taken. */
const nextId = (prefix: string, taken: Set<string>): string => {
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n++;
  taken.add(`${prefix}${n}`);
  return `${prefix}${n}`;
};

/**
 * The flow elements of `processId` in `xml`, with every id the target already uses renamed to
 * `<subProcessId>-<id>` (Flowable's scheme), references to it following.
 */
const subProcessBody = (xml: string, processId: string, subProcessId: string, taken: Set<string>): string => {
  const tags = scanTags(xml);
  const span = processSpan(tags, processId);
  if (!span) throw new Error(`process '${processId}' not found in its resource`);
  return flowElementsOf(xml, tags, span, subProcessId, taken);
};

/**
 * The namespace declarations in scope at the source process (its document element's and its
 * own), to declare again on the subprocess so that the copied elements mean what they meant.
 * One that would rebind the subprocess' own prefix to another namespace is left out.
 */
const namespacesOf = (xml: string, processId: string, ownPrefix: string): string => {
  const tags = scanTags(xml);
  const span = processSpan(tags, processId);
  const root = tags.find((t) => !t.closing);
  const declared = new Map<string, string>();
  for (const tag of [root, span?.open]) {
    for (const m of tag?.attributes.matchAll(XMLNS) ?? []) declared.set(m[1] ?? '', m[2] ?? m[3] ?? '');
  }
  const own = ownPrefix.replace(/:$/, '');
  return [...declared]
    .filter(([prefix, uri]) => prefix !== own || uri === BPMN_NAMESPACE)
    .map(([prefix, uri]) => ` xmlns${prefix ? `:${prefix}` : ''}="${escapeXml(uri)}"`)
    .join('');
};

const flowElementsOf = (
  xml: string,
  tags: readonly Tag[],
  span: { open: Tag; close: Tag },
  subProcessId: string,
  taken: Set<string>,
): string => {
  const inner = tags.filter((t) => t.start > span.open.start && t.start < span.close.start);
  const pieces: { start: number; end: number }[] = [];
  let depth = 0;
  let keep: { start: number; local: string } | undefined;
  for (const tag of inner) {
    if (depth === 0 && !tag.closing) {
      const local = NOT_FLOW_ELEMENTS.has(tag.local) ? '' : tag.local;
      if (tag.selfClosing) {
        if (local) pieces.push({ start: tag.start, end: tag.end });
        continue;
      }
      keep = local ? { start: tag.start, local } : undefined;
    }
    if (tag.closing) depth--;
    else if (!tag.selfClosing) depth++;
    if (depth === 0 && tag.closing && keep) {
      pieces.push({ start: keep.start, end: tag.end });
      keep = undefined;
    }
  }
  const renamed = new Map<string, string>();
  for (const id of idsOf(inner)) {
    if (!taken.has(id)) continue;
    let candidate = `${subProcessId}-${id}`;
    for (let n = 0; taken.has(candidate); n++) candidate = `${subProcessId}${n}-${id}`;
    renamed.set(id, candidate);
    taken.add(candidate);
  }
  for (const id of idsOf(inner)) taken.add(id);
  const body = pieces.map((p) => xml.slice(p.start, p.end)).join('\n');
  if (renamed.size === 0) return body;
  const refPattern = new RegExp(`(\\s(?:${REFERENCES.join('|')})\\s*=\\s*)(["'])([^"']*)\\2`, 'g');
  return body
    .replace(TAG, (tag: string) =>
      tag.replace(refPattern, (all, head: string, quote: string, value: string) => {
        const to = renamed.get(value);
        return to === undefined ? all : `${head}${quote}${escapeXml(to)}${quote}`;
      }),
    )
    .replace(
      /(<(?:[\w.-]+:)?(?:incoming|outgoing)>)\s*([^<\s]+)\s*(<\/)/g,
      (all, open: string, id: string, close: string) => {
        const to = renamed.get(id);
        return to === undefined ? all : `${open}${escapeXml(to)}${close}`;
      },
    );
};

/** The injected user task, or the subprocess holding the source process' flow elements. */
export const injectedActivityXml = (
  p: string,
  activityId: string,
  injection: Injection,
  taken: Set<string>,
): string => {
  if (injection.kind === 'userTask') {
    const name = injection.name !== undefined ? ` name="${escapeXml(injection.name)}"` : '';
    const assignee =
      injection.assignee !== undefined
        ? ` xmlns:flowable="${FLOWABLE_NAMESPACE}" flowable:assignee="${escapeXml(injection.assignee)}"`
        : '';
    return `<${p}userTask id="${escapeXml(activityId)}"${name}${assignee}/>`;
  }
  const body = subProcessBody(injection.sourceXml, injection.sourceProcessId, activityId, taken);
  const namespaces = namespacesOf(injection.sourceXml, injection.sourceProcessId, p);
  return `<${p}subProcess id="${escapeXml(activityId)}"${namespaces}>\n${body}\n</${p}subProcess>`;
};

/**
 * The XML of `xml` with `injection` added to process `processId`, branching off after
 * `startEventId` (whose first outgoing flow is `firstFlowId`, when it has one).
 */
export const deriveInjectedXml = (
  xml: string,
  processId: string,
  startEventId: string | undefined,
  firstFlowId: string | undefined,
  injection: Injection,
): DerivedXml => {
  const tags = scanTags(xml);
  const span = processSpan(tags, processId);
  if (!span) throw new Error(`process '${processId}' not found in its resource`);
  const p = span.open.prefix;
  const taken = idsOf(tags);
  const gatewayId = nextId('dynamicForkGateway', taken);
  const activityId =
    injection.id ?? nextId(injection.kind === 'userTask' ? 'dynamicTask' : 'dynamicSubProcess', taken);
  taken.add(activityId);
  const endId = nextId('endEvent', taken);
  const flow = (source: string, target: string) => {
    const id = nextId('dynamicFlow', taken);
    return {
      id,
      xml: `<${p}sequenceFlow id="${id}" sourceRef="${escapeXml(source)}" targetRef="${escapeXml(target)}"/>`,
    };
  };
  const activity = injectedActivityXml(p, activityId, injection, taken);
  const flows = [
    flow(gatewayId, activityId),
    flow(activityId, endId),
    ...(startEventId ? [flow(startEventId, gatewayId)] : []),
  ];
  const added = [`<${p}parallelGateway id="${gatewayId}"/>`, activity, `<${p}endEvent id="${endId}"/>`]
    .concat(flows.map((f) => f.xml))
    .join('\n');
  let derived = `${xml.slice(0, span.close.start)}${added}\n${xml.slice(span.close.start)}`;
  const first = firstFlowId
    ? tags.find((t) => !t.closing && t.local === 'sequenceFlow' && attributeOf(t, 'id') === firstFlowId)
    : undefined;
  if (first) {
    const tagText = xml.slice(first.start, first.end);
    const rewired = tagText.replace(
      /(\ssourceRef\s*=\s*)(["'])[^"']*\2/,
      (_all, head: string, quote: string) => `${head}${quote}${gatewayId}${quote}`,
    );
    derived = `${derived.slice(0, first.start)}${rewired}${derived.slice(first.end)}`;
  }
  return {
    xml: derived,
    activityId,
    gatewayId,
    endId,
    flowIds: [flows[0].id, flows[1].id, flows[2]?.id],
  };
};
