/**
 * The slice of dmn-moddle's API that `src/dmn` uses: the package ships no type files. Elements
 * carry their DMN 1.3 properties by local name (`decisionLogic`, `inputEntry`, `text`...).
 */
declare module 'dmn-moddle' {
  export interface DmnElement {
    readonly $type: string;
    readonly $attrs?: Readonly<Record<string, string>>;
    readonly [property: string]: unknown;
  }

  export interface DmnWarning {
    readonly message: string;
  }

  export interface DmnParseResult {
    readonly rootElement: DmnElement;
    readonly warnings: readonly DmnWarning[];
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, options?: { lax?: boolean }): Promise<DmnParseResult>;
  }
}
