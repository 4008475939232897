/**
 * Flowable's CMMN extensions as a file writes them: attributes in the `http://flowable.org/cmmn`
 * namespace (whatever prefix the file binds to it) and extension elements. Each element type
 * names the attributes Weir runs; any other `flowable:` attribute is refused at deploy time,
 * since accepting it and then ignoring it would run a model differently from Flowable.
 */
import type { CmmnElement } from './read-xml.ts';

export const FLOWABLE_CMMN_NAMESPACE = 'http://flowable.org/cmmn';

/** The prefixes a document binds to Flowable's namespace (`flowable` in nearly every file). */
export const flowablePrefixes = (root: CmmnElement): string[] => {
  const prefixes = Object.entries(root.$attrs ?? {})
    .filter(([name, value]) => name.startsWith('xmlns:') && value === FLOWABLE_CMMN_NAMESPACE)
    .map(([name]) => name.slice(6));
  return prefixes.length > 0 ? prefixes : ['flowable'];
};

export interface FlowableAttributes {
  /** the attribute's value, or undefined when the element does not carry it */
  readonly get: (element: CmmnElement, name: string) => string | undefined;
  /** the Flowable attributes the element carries outside `allowed` */
  readonly unknown: (element: CmmnElement, allowed: readonly string[]) => string[];
  /** the local name when this qualified name is in Flowable's namespace */
  readonly localName: (qualified: string) => string | undefined;
}

export const flowableAttributes = (root: CmmnElement): FlowableAttributes => {
  const prefixes = flowablePrefixes(root);
  const localName = (qualified: string): string | undefined => {
    const colon = qualified.indexOf(':');
    return colon > 0 && prefixes.includes(qualified.slice(0, colon)) ? qualified.slice(colon + 1) : undefined;
  };
  return {
    localName,
    get: (element, name) => {
      for (const prefix of prefixes) {
        const value = element.$attrs?.[`${prefix}:${name}`];
        if (value !== undefined) return value;
      }
      return undefined;
    },
    unknown: (element, allowed) =>
      Object.keys(element.$attrs ?? {}).filter((qualified) => {
        const local = localName(qualified);
        return local !== undefined && !allowed.includes(local);
      }),
  };
};

/** Elements inside `<extensionElements>`, each as `{ $type: 'flowable:in', source: ... }`. */
export const extensionValues = (element: CmmnElement): CmmnElement[] => {
  const extensions = element.extensionElements as { values?: CmmnElement[] } | undefined;
  return extensions?.values ?? [];
};

/** An extension element's attribute (moddle keeps generic elements' attributes as properties). */
export const extensionAttribute = (element: CmmnElement, name: string): string | null => {
  const value = element[name] ?? element.$attrs?.[name];
  return typeof value === 'string' ? value : null;
};

/** A `<flowable:field>`: its string value, or its expression, as Flowable's field extension. */
export interface FieldValue {
  readonly string: string | null;
  readonly expression: string | null;
}

const bodyOf = (element: CmmnElement): string | null => {
  const body = element.$body;
  return typeof body === 'string' && body.trim() !== '' ? body.trim() : null;
};

/**
 * `<flowable:field name stringValue|expression>` or with a `<flowable:string>` or
 * `<flowable:expression>` child, by name. `problem` hears of a field without a name or value.
 */
export const fieldsOf = (
  fields: readonly CmmnElement[],
  fl: FlowableAttributes,
  problem: (message: string) => void,
): Map<string, FieldValue> => {
  const found = new Map<string, FieldValue>();
  for (const field of fields) {
    const name = extensionAttribute(field, 'name');
    const children = (field.$children as CmmnElement[] | undefined) ?? [];
    const child = (local: string) => children.find((c) => fl.localName(c.$type) === local);
    const stringChild = child('string');
    const expressionChild = child('expression');
    const value: FieldValue = {
      string: extensionAttribute(field, 'stringValue') ?? (stringChild ? bodyOf(stringChild) : null),
      expression:
        extensionAttribute(field, 'expression') ?? (expressionChild ? bodyOf(expressionChild) : null),
    };
    if (name === null) problem('<flowable:field> needs a name attribute');
    else if (value.string === null && value.expression === null)
      problem(`<flowable:field name="${name}"> needs a string or expression value`);
    else found.set(name, value);
  }
  return found;
};
