/**
 * Writing the derived XML of an injection next to one user task (Flowable's
 * `injectParallelUserTask` and `injectParallelEmbeddedSubProcess`, the `taskId` form of the REST
 * inject call): the task is wrapped in a new embedded subprocess named as the task, whose start
 * event leads to a parallel fork; one path runs the task, the other the injected user task or
 * subprocess, and both meet at a parallel join before the subprocess' end event. The flows that
 * entered and left the task now enter and leave the subprocess, so the instance goes on as before
 * once both are done. The task's shape in the diagram becomes the collapsed subprocess' shape, as
 * Flowable moves it.
 *
 * Ids follow Flowable's builder, whose one counter serves every prefix: `dynamicSubProcess1`,
 * `startEvent2`, `dynamicForkGateway3`, `dynamicFlow4`, ... (a taken id moves to the next number).
 * Text-level like `inject-xml.ts`; the result is parsed and validated again before it is stored.
 */
import {
  attributeOf,
  escapeXml,
  idsOf,
  injectedActivityXml,
  processSpan,
  scanTags,
  type Injection,
  type Tag,
} from './inject-xml.ts';

export interface WrappedXml {
  readonly xml: string;
  /** the id of the injected user task or subprocess */
  readonly activityId: string;
  /** the id of the subprocess that now holds the task and the injected activity */
  readonly wrapperId: string;
}

/** Flowable's DynamicUserTaskBuilder / DynamicEmbeddedSubProcessBuilder id scheme: one counter for every prefix. */
const idSource = (taken: Set<string>) => {
  let counter = 1;
  return (prefix: string): string => {
    for (;;) {
      const id = `${prefix}${counter++}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
};

/** The element's whole text span: the tag, or the tag to its matching close. */
const elementEnd = (tags: readonly Tag[], at: number): number => {
  const open = tags[at];
  if (open.selfClosing) return open.end;
  let depth = 0;
  for (const tag of tags.slice(at)) {
    if (tag.closing) depth--;
    else if (!tag.selfClosing) depth++;
    if (depth === 0) return tag.end;
  }
  throw new Error(`element '${attributeOf(open, 'id')}' is not closed`);
};

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** `ref="from"` -> `ref="to"` in one tag's text, for the named attributes. */
const retarget = (tagText: string, attributes: readonly string[], from: string, to: string): string =>
  tagText.replace(
    new RegExp(`(\\s(?:${attributes.join('|')})\\s*=\\s*)(["'])([^"']*)\\2`, 'g'),
    (all, head: string, quote: string, value: string) =>
      value === from ? `${head}${quote}${escapeXml(to)}${quote}` : all,
  );

/**
 * The XML of `xml` with user task `taskElementId` of process `processId` wrapped, and `injection`
 * running in parallel to it. Throws when the task is not a user task of the process.
 */
export const deriveWrappedXml = (
  xml: string,
  processId: string,
  taskElementId: string,
  injection: Injection,
): WrappedXml => {
  const tags = scanTags(xml);
  const span = processSpan(tags, processId);
  if (!span) throw new Error(`process '${processId}' not found in its resource`);
  const p = span.open.prefix;
  const at = tags.findIndex(
    (t) =>
      !t.closing &&
      t.local === 'userTask' &&
      t.start > span.open.start &&
      t.start < span.close.start &&
      attributeOf(t, 'id') === taskElementId,
  );
  if (at === -1) throw new Error(`user task '${taskElementId}' not found in process '${processId}'`);
  const task = tags[at];
  const taskEnd = elementEnd(tags, at);
  const taken = idsOf(tags);
  const next = idSource(taken);
  const wrapperId = next('dynamicSubProcess');
  const ids: Record<string, string> = {};
  if (injection.kind === 'subProcess') {
    ids.activity = injection.id ?? next('dynamicSubProcess');
    taken.add(ids.activity);
  }
  const activity =
    injection.kind === 'subProcess' ? injectedActivityXml(p, ids.activity, injection, taken) : '';
  ids.start = next('startEvent');
  ids.fork = next('dynamicForkGateway');
  ids.startFlow = next('dynamicFlow');
  if (injection.kind === 'userTask') {
    ids.activity = injection.id ?? next('dynamicTask');
    taken.add(ids.activity);
  }
  ids.forkToTask = next('dynamicFlow');
  ids.forkToNew = next('dynamicFlow');
  ids.end = next('endEvent');
  ids.join = next('dynamicJoinGateway');
  ids.taskToJoin = next('dynamicFlow');
  ids.newToJoin = next('dynamicFlow');
  ids.joinToEnd = next('dynamicFlow');
  const flow = (id: string, source: string, target: string) =>
    `<${p}sequenceFlow id="${id}" sourceRef="${escapeXml(source)}" targetRef="${escapeXml(target)}"/>`;
  const name = attributeOf(task, 'name');
  const wrapper = [
    `<${p}subProcess id="${wrapperId}"${name === undefined ? '' : ` name="${name}"`}>`,
    `<${p}startEvent id="${ids.start}"/>`,
    `<${p}parallelGateway id="${ids.fork}"/>`,
    flow(ids.startFlow, ids.start, ids.fork),
    xml.slice(task.start, taskEnd),
    injection.kind === 'userTask' ? injectedActivityXml(p, ids.activity, injection, taken) : activity,
    flow(ids.forkToTask, ids.fork, taskElementId),
    flow(ids.forkToNew, ids.fork, ids.activity),
    `<${p}endEvent id="${ids.end}"/>`,
    `<${p}parallelGateway id="${ids.join}"/>`,
    flow(ids.taskToJoin, taskElementId, ids.join),
    flow(ids.newToJoin, ids.activity, ids.join),
    flow(ids.joinToEnd, ids.join, ids.end),
    `</${p}subProcess>`,
  ].join('\n');
  const edits: Edit[] = [{ start: task.start, end: taskEnd, text: wrapper }];
  for (const tag of tags) {
    if (tag.closing || (tag.start >= task.start && tag.start < taskEnd)) continue;
    const text = xml.slice(tag.start, tag.end);
    let changed = text;
    if (tag.local === 'sequenceFlow' && tag.start > span.open.start && tag.start < span.close.start)
      changed = retarget(text, ['sourceRef', 'targetRef'], taskElementId, wrapperId);
    else if (tag.local === 'BPMNShape' && attributeOf(tag, 'bpmnElement') === taskElementId)
      changed = retarget(text, ['bpmnElement'], taskElementId, wrapperId).replace(
        /(\/?>)$/,
        ' isExpanded="false"$1',
      );
    if (changed !== text) edits.push({ start: tag.start, end: tag.end, text: changed });
  }
  let derived = xml;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    derived = `${derived.slice(0, edit.start)}${edit.text}${derived.slice(edit.end)}`;
  return { xml: derived, activityId: ids.activity, wrapperId };
};
