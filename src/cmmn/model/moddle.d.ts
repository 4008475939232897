/** The slice of moddle's and moddle-xml's API that src/cmmn uses: the packages ship no types. */
declare module 'moddle' {
  export class Moddle {
    constructor(packages: Record<string, unknown>);
  }
}

declare module 'moddle-xml' {
  export class Reader {
    constructor(options: { model: unknown; lax?: boolean });
    fromXML(xml: string, rootType: string): Promise<unknown>;
  }
}
