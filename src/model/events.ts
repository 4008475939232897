/**
 * Event definitions (`<timerEventDefinition>`, `<messageEventDefinition>`...) and the root-level
 * declarations they point at. References resolve to names and codes here, so the engine matches
 * a thrown signal by `signalName` without going back to the declarations.
 */

import type { ModdleElement } from 'bpmn-moddle';

import type { BuildContext } from './context.ts';
import {
  bodyOf,
  bool,
  child,
  children,
  dropUndefined,
  ext,
  extBool,
  localName,
  localType,
  text,
} from './elements.ts';
import { withArticle } from './problems.ts';
import type { Problems } from './problems.ts';
import type { BpmnDefinitions, ErrorEventDefinition, EventDefinition } from './types.ts';

type Declarations = Pick<BpmnDefinitions, 'messages' | 'signals' | 'errors' | 'escalations'>;

export const readDeclarations = (roots: readonly ModdleElement[], problems: Problems): Declarations => {
  const messages: Record<string, string> = {};
  const signals: Record<string, { name: string; scope: 'global' | 'processInstance' }> = {};
  const errors: Record<string, { name?: string; errorCode?: string }> = {};
  const escalations: Record<string, { name?: string; escalationCode?: string }> = {};
  for (const root of roots) {
    const id = text(root, 'id');
    if (id === undefined) continue;
    const name = text(root, 'name');
    if (root.$type === 'bpmn:Message') messages[id] = name ?? id;
    if (root.$type === 'bpmn:Signal') signals[id] = { name: name ?? id, scope: signalScope(root, problems) };
    if (root.$type === 'bpmn:Error') errors[id] = dropUndefined({ name, errorCode: text(root, 'errorCode') });
    if (root.$type === 'bpmn:Escalation') {
      escalations[id] = dropUndefined({ name, escalationCode: text(root, 'escalationCode') });
    }
  }
  return { messages, signals, errors, escalations };
};

const signalScope = (signal: ModdleElement, problems: Problems): 'global' | 'processInstance' => {
  const scope = ext(signal, 'scope') ?? 'global';
  if (scope === 'global' || scope === 'processInstance') return scope;
  problems.about(text(signal, 'id'), `flowable:scope '${scope}' must be 'global' or 'processInstance'`);
  return 'global';
};

/** The one event definition of an event, or undefined for a none event. */
export const readEventDefinition = (
  event: ModdleElement,
  eventId: string,
  ctx: BuildContext,
): EventDefinition | undefined => {
  const definitions = [...children(event, 'eventDefinitions'), ...children(event, 'eventDefinitionRefs')];
  if (definitions.length === 0) return undefined;
  if (definitions.length > 1) {
    ctx.problems.about(eventId, 'events with more than one event definition are not supported');
  }
  return readDefinition(definitions[0], eventId, ctx);
};

const readDefinition = (
  definition: ModdleElement,
  eventId: string,
  ctx: BuildContext,
): EventDefinition | undefined => {
  const report = (message: string): void => ctx.problems.about(eventId, message);
  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition':
      return readTimer(definition, eventId, ctx);
    case 'bpmn:MessageEventDefinition': {
      const ref = resolve(definition, 'messageRef', 'bpmn:Message', eventId, ctx);
      return { type: 'message', messageRef: ref.id, messageName: ref.name };
    }
    case 'bpmn:SignalEventDefinition': {
      const ref = resolve(definition, 'signalRef', 'bpmn:Signal', eventId, ctx);
      const scope =
        ref.declaration && ext(ref.declaration, 'scope') === 'processInstance' ? 'processInstance' : 'global';
      return { type: 'signal', signalRef: ref.id, signalName: ref.name, scope };
    }
    case 'bpmn:ErrorEventDefinition': {
      const caught = readErrorVariable(definition);
      const errorRef = ctx.refOf(definition, 'errorRef');
      if (errorRef === undefined) return { type: 'error', ...caught };
      const declaration = ctx.declared.get(errorRef);
      if (declaration === undefined) {
        // Flowable's documented shortcut: an errorRef naming no <error> is the error code itself
        return { type: 'error', errorRef, errorCode: errorRef, ...caught };
      }
      if (declaration.$type !== 'bpmn:Error') {
        report(
          `errorRef '${errorRef}' refers to ${withArticle(`<${localType(declaration)}>`)}, not an <error>`,
        );
      }
      return { type: 'error', errorRef, errorCode: text(declaration, 'errorCode') ?? errorRef, ...caught };
    }
    case 'bpmn:EscalationEventDefinition': {
      const escalationRef = ctx.refOf(definition, 'escalationRef');
      if (escalationRef === undefined) return { type: 'escalation' };
      // as with errors, Flowable reads an escalationRef naming no <escalation> as the code itself
      if (!ctx.declared.has(escalationRef)) {
        return { type: 'escalation', escalationRef, escalationCode: escalationRef };
      }
      const ref = resolve(definition, 'escalationRef', 'bpmn:Escalation', eventId, ctx);
      const escalationCode = text(ref.declaration, 'escalationCode') ?? ref.id;
      return { type: 'escalation', escalationRef: ref.id, escalationCode };
    }
    case 'bpmn:TerminateEventDefinition':
      // Flowable reads terminateMultiInstance here, on the definition, not on the end event
      if (extBool(definition, 'terminateMultiInstance') === true) {
        report('flowable:terminateMultiInstance="true" (ending only the multi-instance) is not supported');
      }
      return { type: 'terminate', terminateAll: extBool(definition, 'terminateAll') ?? false };
    case 'bpmn:CompensateEventDefinition': {
      const activityRef = ctx.refOf(definition, 'activityRef');
      if (activityRef !== undefined && child(definition, 'activityRef') === undefined) {
        report(`activityRef '${activityRef}' does not exist`);
      }
      const waitForCompletion = bool(definition, 'waitForCompletion') ?? true;
      return dropUndefined({ type: 'compensate' as const, activityRef, waitForCompletion });
    }
    case 'bpmn:LinkEventDefinition': {
      const name = text(definition, 'name');
      if (name === undefined) report('a link event definition needs a name');
      return { type: 'link', name: name ?? '' };
    }
    case 'bpmn:ConditionalEventDefinition': {
      const condition = bodyOf(definition, 'condition');
      if (condition === undefined) report('a conditional event definition needs a <condition>');
      // Flowable runs a scripted condition (language="groovy"); Weir's conditions are expressions only
      // (moddle reads <condition> as a plain bpmn:Expression, so `language` is an unknown attribute)
      const language = child(definition, 'condition')?.$attrs.language?.trim() || undefined;
      if (language !== undefined && !/^(juel|uel)$/i.test(language)) {
        report(
          `a <condition> in language '${language}' is not supported: conditions are expressions (\${...})`,
        );
      }
      ctx.checkExpression(eventId, 'condition', condition, true);
      return { type: 'conditional', condition: condition ?? '' };
    }
    default:
      report(`${localType(definition)} is not supported`);
      return undefined;
  }
};

interface ResolvedRef {
  readonly id: string;
  readonly name: string;
  readonly declaration?: ModdleElement;
}

/** a reference that must name a declared root element of one type */
const resolve = (
  definition: ModdleElement,
  property: string,
  type: string,
  eventId: string,
  ctx: BuildContext,
): ResolvedRef => {
  const id = ctx.refOf(definition, property);
  const wanted = localName(type);
  if (id === undefined) {
    ctx.problems.about(eventId, `${localType(definition)} has no ${property}`);
    return { id: '', name: '' };
  }
  const declaration = ctx.declared.get(id);
  if (declaration === undefined) {
    ctx.problems.about(eventId, `${property} '${id}' does not refer to a declared <${wanted}>`);
    return { id, name: id };
  }
  if (declaration.$type !== type) {
    const actual = withArticle(`<${localType(declaration)}>`);
    ctx.problems.about(eventId, `${property} '${id}' refers to ${actual}, not ${withArticle(`<${wanted}>`)}`);
  }
  return { id, name: text(declaration, 'name') ?? id, declaration };
};

const readTimer = (definition: ModdleElement, eventId: string, ctx: BuildContext): EventDefinition => {
  const timeDate = bodyOf(definition, 'timeDate');
  const timeDuration = bodyOf(definition, 'timeDuration');
  const timeCycle = bodyOf(definition, 'timeCycle');
  const endDate = ext(child(definition, 'timeCycle') ?? definition, 'endDate');
  const given = [timeDate, timeDuration, timeCycle].filter((value) => value !== undefined).length;
  if (given === 0) {
    ctx.problems.about(eventId, 'a timer needs one of timeDate, timeDuration or timeCycle');
  } else if (given > 1) {
    ctx.problems.about(eventId, 'a timer must have only one of timeDate, timeDuration or timeCycle');
  }
  checkTimerValue(eventId, 'timeDate', timeDate, ctx);
  checkTimerValue(eventId, 'timeDuration', timeDuration, ctx);
  checkTimerValue(eventId, 'timeCycle', timeCycle, ctx);
  checkTimerValue(eventId, 'flowable:endDate', endDate, ctx);
  const timer: Extract<EventDefinition, { type: 'timer' }> = { type: 'timer' };
  return dropUndefined({ ...timer, timeDate, timeDuration, timeCycle, endDate });
};

// ISO 8601 durations (`PT1H`, `P1DT12H`, `P2W`), repeating intervals (`R5/PT1M`, `R/2024-01-01T00:00/P1D`)
// and Quartz cron (6 or 7 fields, seconds first). Values with expressions are checked as expressions.
const DURATION =
  /^-?P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const REPEAT = /^R\d*\/[^/\s]+(\/[^/\s]+)?$/;

const checkTimerValue = (
  eventId: string,
  what: string,
  value: string | undefined,
  ctx: BuildContext,
): void => {
  if (value === undefined) return;
  if (value.includes('${') || value.includes('#{')) {
    ctx.checkExpression(eventId, what, value);
    return;
  }
  const valid =
    what === 'timeDuration'
      ? DURATION.test(value)
      : what === 'timeCycle'
        ? REPEAT.test(value) || [6, 7].includes(value.split(/\s+/).length)
        : !Number.isNaN(Date.parse(value));
  if (!valid) ctx.problems.about(eventId, `${what} '${value}' is not a valid ${TIMER_FORMATS[what]}`);
};

const TIMER_FORMATS: Record<string, string> = {
  timeDate: 'ISO 8601 date-time',
  timeDuration: 'ISO 8601 duration (like PT1H)',
  timeCycle: 'ISO 8601 repeating interval (like R3/PT1H) or cron expression',
  'flowable:endDate': 'ISO 8601 date-time',
};

/**
 * `flowable:errorVariableName` (with `errorVariableTransient`, `errorVariableLocalScope`) on a
 * catching error definition: the caught error's code is stored in that variable.
 */
const readErrorVariable = (
  definition: ModdleElement,
): Pick<ErrorEventDefinition, 'errorVariableName' | 'errorVariableTransient' | 'errorVariableLocalScope'> => {
  const errorVariableName = ext(definition, 'errorVariableName');
  if (errorVariableName === undefined) return {};
  return {
    errorVariableName,
    errorVariableTransient: extBool(definition, 'errorVariableTransient') ?? false,
    errorVariableLocalScope: extBool(definition, 'errorVariableLocalScope') ?? false,
  };
};
