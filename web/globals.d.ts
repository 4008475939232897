/** bpmn-js's distributed viewer bundle is a classic script that defines this global. */
interface Window {
  BpmnJS: new (options: { container: HTMLElement }) => {
    importXML(xml: string): Promise<unknown>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- services of many shapes, used from checked JS
    get(service: string): any;
    destroy(): void;
  };
}
