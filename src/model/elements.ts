/**
 * Typed reads from bpmn-moddle's loosely typed elements. Every value that reaches the model
 * passes through here, so "absent", "empty" and "only whitespace" all mean the same: undefined.
 */

import type { ModdleElement } from 'bpmn-moddle';

/** `bpmn:ExclusiveGateway` -> `exclusiveGateway`, the element's XML local name */
export const localType = (element: ModdleElement): string => localName(element.$type);

/** `bpmn:Message` -> `message` */
export const localName = (qualifiedType: string): string => {
  const name = qualifiedType.slice(qualifiedType.indexOf(':') + 1);
  return name.charAt(0).toLowerCase() + name.slice(1);
};

const valueOf = (element: ModdleElement, property: string): unknown =>
  property.includes(':') ? element.get(property) : element[property];

/** a string property, trimmed; undefined when missing or blank */
export const text = (element: ModdleElement | undefined, property: string): string | undefined => {
  if (!element) return undefined;
  const value = valueOf(element, property);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** a string property as written, keeping surrounding whitespace; undefined when missing or empty */
export const rawText = (element: ModdleElement | undefined, property: string): string | undefined => {
  const value = element?.[property];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const bool = (element: ModdleElement | undefined, property: string): boolean | undefined => {
  if (!element) return undefined;
  const value = valueOf(element, property);
  if (typeof value === 'boolean') return value;
  // moddle leaves a value it cannot coerce (`async="yes"`) as the raw string
  if (typeof value === 'string') return value.trim() === 'true';
  return undefined;
};

export const child = (element: ModdleElement | undefined, property: string): ModdleElement | undefined => {
  const value = element?.[property];
  return isElement(value) ? value : undefined;
};

export const children = (element: ModdleElement | undefined, property: string): readonly ModdleElement[] => {
  const value = element?.[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
};

/** the text of a `bpmn:Expression`-typed child, e.g. `<conditionExpression>${ok}</conditionExpression>` */
export const bodyOf = (element: ModdleElement | undefined, property: string): string | undefined =>
  text(child(element, property), 'body');

const isElement = (value: unknown): value is ModdleElement =>
  typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';

/** Flowable extension elements of one kind, e.g. `extensionValues(task, 'TaskListener')` */
export const extensionValues = (element: ModdleElement, type: string): readonly ModdleElement[] =>
  children(child(element, 'extensionElements'), 'values').filter(
    (value) => value.$type === `flowable:${type}`,
  );

/** an extension attribute, e.g. `ext(task, 'assignee')` for `flowable:assignee` / `activiti:assignee` */
export const ext = (element: ModdleElement, name: string): string | undefined =>
  text(element, `flowable:${name}`);

export const extBool = (element: ModdleElement, name: string): boolean | undefined =>
  bool(element, `flowable:${name}`);

export const documentationOf = (element: ModdleElement): string | undefined => {
  const parts = children(element, 'documentation')
    .map((doc) => text(doc, 'text'))
    .filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join('\n') : undefined;
};

/**
 * Splits Flowable's comma-separated lists (`candidateGroups="sales, ${manager.group}"`), leaving
 * commas inside `${...}` and `#{...}` alone so that method arguments survive.
 */
export const splitList = (value: string | undefined): string[] => {
  if (value === undefined) return [];
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if ((c === '$' || c === '#') && value[i + 1] === '{') {
      depth += 1;
      i += 1;
    } else if (c === '{' && depth > 0) {
      depth += 1;
    } else if (c === '}' && depth > 0) {
      depth -= 1;
    } else if (c === ',' && depth === 0) {
      items.push(value.slice(start, i));
      start = i + 1;
    }
  }
  items.push(value.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
};

/** a copy without the properties whose value is undefined, so optional fields stay absent */
export const dropUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
