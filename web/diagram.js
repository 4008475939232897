/**
 * An instance's BPMN diagram, drawn by bpmn-js's navigated viewer (`window.BpmnJS`, from its
 * distributed bundle): active activities highlighted, completed ones marked.
 */
import { useEffect, useRef } from 'preact/hooks';
import { html } from 'htm/preact';

/**
 * @param {{xml: string | null, active: string[], completed: string[]}} props
 */
export const Diagram = ({ xml, active, completed }) => {
  const container = useRef(/** @type {HTMLDivElement | null} */ (null));
  const viewer = useRef(/** @type {any} */ (null));
  const shown = useRef(/** @type {string | null} */ (null));
  const marked = useRef(/** @type {[string, string][]} */ ([]));

  useEffect(() => () => viewer.current?.destroy(), []);

  useEffect(() => {
    const element = container.current;
    if (!xml || !element) return;
    const draw = async () => {
      if (shown.current !== xml) {
        viewer.current ??= new window.BpmnJS({ container: element });
        await viewer.current.importXML(xml);
        viewer.current.get('canvas').zoom('fit-viewport');
        shown.current = xml;
        marked.current = [];
      }
      const canvas = viewer.current.get('canvas');
      const registry = viewer.current.get('elementRegistry');
      for (const [id, marker] of marked.current) canvas.removeMarker(id, marker);
      /** @type {[string, string][]} */
      const next = [];
      for (const id of completed) if (registry.get(id)) next.push([id, 'weir-completed']);
      for (const id of active) if (registry.get(id)) next.push([id, 'weir-active']);
      for (const [id, marker] of next) canvas.addMarker(id, marker);
      marked.current = next;
      element.setAttribute('data-active', active.join(' '));
      element.setAttribute('data-completed', completed.join(' '));
    };
    draw().catch((error) => console.error('The diagram could not be drawn', error));
  }, [xml, active.join(' '), completed.join(' ')]);

  return html`<div
    class="diagram"
    ref=${container}
    role="img"
    aria-label=${`Process diagram; active: ${active.join(', ') || 'none'}`}
  ></div>`;
};
