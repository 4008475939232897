/**
 * Flowable's legacy forms: `<flowable:formProperty>` in the extension elements of a start event
 * or user task, with `<flowable:value>` children for an enum. Flowable knows the types string,
 * long, double, boolean, date and enum without extra configuration; any other is refused here,
 * as Flowable refuses it at deployment.
 */

import type { ModdleElement } from 'bpmn-moddle';

import type { BuildContext } from './context.ts';
import { children, dropUndefined, extensionValues, text } from './elements.ts';
import type { FormProperty, FormPropertyType } from './types.ts';

const TYPES: readonly FormPropertyType[] = ['string', 'long', 'double', 'boolean', 'date', 'enum'];

/** Java's `Boolean.parseBoolean` for the flag attributes, with Flowable's defaults. */
const flag = (element: ModdleElement, name: string, fallback: boolean): boolean => {
  const value = text(element, name);
  return value === undefined ? fallback : value.trim().toLowerCase() === 'true';
};

export const readFormProperties = (
  element: ModdleElement,
  ownerId: string,
  ctx: BuildContext,
): FormProperty[] | undefined => {
  const declared = extensionValues(element, 'FormProperty');
  if (declared.length === 0) return undefined;
  const seen = new Set<string>();
  return declared.map((property, index) => {
    const id = text(property, 'id') ?? '';
    const where = `flowable:formProperty ${id ? `'${id}'` : `#${index + 1}`}`;
    if (!id) ctx.problems.about(ownerId, `${where} needs an id`);
    else if (seen.has(id)) ctx.problems.about(ownerId, `${where} is declared twice`);
    seen.add(id);
    const typeText = text(property, 'type');
    const type = TYPES.find((t) => t === typeText);
    if (typeText !== undefined && type === undefined) {
      ctx.problems.about(ownerId, `${where} has unknown type '${typeText}' (known: ${TYPES.join(', ')})`);
    }
    const expression = text(property, 'expression');
    const defaultValue = text(property, 'default');
    ctx.checkExpression(ownerId, 'flowable:formProperty expression', expression, true);
    ctx.checkExpression(ownerId, 'flowable:formProperty default', defaultValue);
    const enumValues = children(property, 'values').map((value) => ({
      id: text(value, 'id') ?? '',
      name: text(value, 'name') ?? null,
    }));
    if (enumValues.some((value) => value.id === ''))
      ctx.problems.about(ownerId, `${where}: every flowable:value needs an id`);
    if (enumValues.length > 0 && type !== 'enum')
      ctx.problems.about(ownerId, `${where}: flowable:value children belong to an enum property`);
    return dropUndefined({
      id,
      name: text(property, 'name'),
      type,
      readable: flag(property, 'readable', true),
      writable: flag(property, 'writable', true),
      required: flag(property, 'required', false),
      variable: text(property, 'variable'),
      expression,
      default: defaultValue,
      datePattern: text(property, 'datePattern'),
      enumValues,
    });
  });
};
