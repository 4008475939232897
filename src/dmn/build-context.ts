/**
 * What building the decisions of one file shares: element accessors over dmn-moddle's tree and
 * the context that collects problems and compiles texts with the file's names in scope.
 */
import type { DmnElement } from 'dmn-moddle';
import type { Compiled, CompiledEntry, CompiledValue } from './entries.ts';
import { feelValue } from './feel.ts';
import { Scope } from './scope.ts';

export type Element = DmnElement;

export const list = (element: Element | undefined, property: string): Element[] =>
  (element?.[property] as Element[] | undefined) ?? [];
export const child = (element: Element | undefined, property: string): Element | undefined =>
  element?.[property] as Element | undefined;
export const text = (element: Element | undefined, property: string): string | null => {
  const value = element?.[property];
  return typeof value === 'string' ? value : null;
};

/** Whether the element itself carries the property in the XML (not a default of dmn-moddle's). */
export const isSet = (element: Element, property: string): boolean =>
  Object.prototype.hasOwnProperty.call(element, property);

const FLOWABLE_DMN_NAMESPACE = 'http://flowable.org/dmn';

/**
 * A `flowable:` extension attribute of the element, whatever prefix the file binds to Flowable's
 * DMN namespace (declared on the element or on one of its ancestors).
 */
export const flowableAttribute = (element: Element, name: string): string | null => {
  for (let scope: Element | undefined = element; scope; scope = scope.$parent as Element | undefined) {
    for (const [key, value] of Object.entries(scope.$attrs ?? {})) {
      if (value !== FLOWABLE_DMN_NAMESPACE || !key.startsWith('xmlns:')) continue;
      const found = element.$attrs?.[`${key.slice('xmlns:'.length)}:${name}`];
      if (found !== undefined) return found;
    }
  }
  return null;
};

/** What building one file needs to know about the whole file. */
export interface BuildContext {
  readonly problems: string[];
  readonly itemDefinitions: ReadonlySet<string>;
  /** names FEEL texts may use: input data, decisions' variables, outputs */
  readonly names: readonly string[];
  readonly language: string | null;
  checkTypeRef(where: string, typeRef: string | null): string | null;
  value(where: string, source: string, language: string | null): Compiled<CompiledValue>;
  entry(where: string, source: string, language: string | null): Compiled<CompiledEntry>;
}

export const hrefId = (element: Element): string => (text(element, 'href') ?? '').replace(/^.*#/, '');

/** The host values listed by an `outputValues` text (`"low","high"`), in order. */
export const listedValues = (source: string): unknown[] | null => {
  try {
    const values = feelValue(`[${source}]`, new Scope({}).feel);
    return Array.isArray(values) ? values : null;
  } catch {
    return null;
  }
};
