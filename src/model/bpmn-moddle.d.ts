/**
 * The slice of bpmn-moddle's API that `src/model` uses. The package ships type files only for its
 * generated meta-model (`bpmn-moddle/types`), not for the `BpmnModdle` entry point itself.
 */
declare module 'bpmn-moddle' {
  /** A parsed XML element: typed properties by local name, unknown attributes in `$attrs`. */
  export interface ModdleElement {
    readonly $type: string;
    readonly $attrs: Readonly<Record<string, string>>;
    /** a property by qualified name (`flowable:assignee`), extension or not */
    get(name: string): unknown;
    readonly [property: string]: unknown;
  }

  export interface ModdleWarning {
    readonly message: string;
    readonly error?: Error;
    readonly element?: ModdleElement;
    readonly property?: string;
    readonly value?: string;
  }

  /** One `idref` found while reading, resolved or not: `id` is the raw attribute value. */
  export interface ModdleReference {
    readonly element: ModdleElement;
    readonly property: string;
    readonly id: string;
  }

  export interface ModdleParseResult {
    readonly rootElement: ModdleElement;
    readonly warnings: readonly ModdleWarning[];
    readonly references: readonly ModdleReference[];
    readonly elementsById: Readonly<Record<string, ModdleElement>>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: { nsMap?: Record<string, string> });
    fromXML(xml: string, options?: { lax?: boolean }): Promise<ModdleParseResult>;
  }
}
