/**
 * `<dataObject>` with a default value, as Flowable reads it: the `itemSubjectRef` names an XML
 * Schema type (`xsd:string`, `xsd:int`, `xsd:long`, `xsd:double`, `xsd:boolean`,
 * `xsd:datetime`), `<flowable:value>` holds the default, and the instance starts with a variable
 * of that name, typed as Flowable types it. Any other item type is a string, as in Flowable.
 */

import type { ModdleElement } from 'bpmn-moddle';

import type { BuildContext } from './context.ts';
import { extensionValues, text } from './elements.ts';
import type { DataObject, DataObjectType } from './types.ts';

const TYPES: ReadonlyMap<string, DataObjectType> = new Map([
  ['string', 'string'],
  ['int', 'integer'],
  ['integer', 'integer'],
  ['long', 'long'],
  ['double', 'double'],
  ['boolean', 'boolean'],
  ['datetime', 'date'],
  ['date', 'date'],
]);

const INTEGER = /^[-+]?\d+$/;
const DOUBLE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INT_RANGE = 2147483647;

export const readDataObject = (element: ModdleElement, id: string, ctx: BuildContext): DataObject => {
  const name = text(element, 'name') ?? id;
  const itemType = ctx.refOf(element, 'itemSubjectRef');
  const type = TYPES.get((itemType ?? 'string').replace(/^[^:]*:/, '').toLowerCase()) ?? 'string';
  const raw = extensionValues(element, 'Value')
    .map((value) => text(value, 'body'))
    .find((value) => value !== undefined);
  if (raw === undefined) return { name, type, value: null };
  const refuse = (): DataObject => {
    ctx.problems.about(id, `flowable:value '${raw}' is not a valid ${itemType ?? type}`);
    return { name, type, value: null };
  };
  switch (type) {
    case 'string':
      return { name, type, value: raw };
    case 'integer':
    case 'long': {
      const value = Number(raw);
      const fits = type === 'integer' ? Math.abs(value) <= INT_RANGE : Number.isSafeInteger(value);
      return INTEGER.test(raw) && fits ? { name, type, value } : refuse();
    }
    case 'double':
      return DOUBLE.test(raw) ? { name, type, value: Number(raw) } : refuse();
    case 'boolean':
      // Java's Boolean.valueOf: anything but `true` (in any case) is false
      return { name, type, value: raw.toLowerCase() === 'true' };
    case 'date': {
      const time = Date.parse(raw);
      return Number.isNaN(time) ? refuse() : { name, type, value: new Date(time).toISOString() };
    }
  }
};
