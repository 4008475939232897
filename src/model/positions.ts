/**
 * Where each element starts in the raw XML. bpmn-moddle keeps no positions, so one forward scan
 * over the text maps every start tag that carries an `id` to its line and column (1-based, the
 * column of its `<`). The same scan finds what must be refused before parsing: a DOCTYPE or
 * ENTITY declaration, which could define entities that expand (the "billion laughs") or point at
 * external files. Comments, CDATA sections and processing instructions are skipped whole, so a
 * script containing `<task id="x">` does not count.
 *
 * It also pairs start and end tags, because the XML reader reports a missing end tag where it
 * notices it (often the end of the file) rather than at the tag left open.
 */

import type { Position } from './types.ts';

export interface ElementPosition extends Position {
  /** the tag's local name, e.g. `exclusiveGateway` for `<bpmn:exclusiveGateway>` */
  readonly localName: string;
}

export interface PositionIndex {
  /** first start tag with each id */
  readonly byId: ReadonlyMap<string, ElementPosition>;
  /** later start tags reusing an id already seen */
  readonly duplicateIds: readonly { readonly id: string; readonly position: ElementPosition }[];
  /** the document element */
  readonly root?: ElementPosition;
  /** the first `<!DOCTYPE` or `<!ENTITY` declaration */
  readonly declaration?: Position & { readonly keyword: string };
  /** position just past the last character */
  readonly end: Position;
  /** the first start and end tags that do not pair up, explained */
  readonly unbalanced?: Position & { readonly message: string };
}

const ID_ATTRIBUTE = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/;

export const scanPositions = (xml: string): PositionIndex => {
  const byId = new Map<string, ElementPosition>();
  const duplicateIds: { id: string; position: ElementPosition }[] = [];
  let root: ElementPosition | undefined;
  let declaration: (Position & { keyword: string }) | undefined;
  let unbalanced: (Position & { message: string }) | undefined;
  const open: { name: string; line: number }[] = [];
  let extensionDepth = 0;

  // `at` only moves forward, so newlines are counted once each: linear in the input size
  let line = 1;
  let lineStart = 0;
  let nextNewline = xml.indexOf('\n');
  const positionOf = (at: number): Position => {
    while (nextNewline !== -1 && nextNewline < at) {
      line += 1;
      lineStart = nextNewline + 1;
      nextNewline = xml.indexOf('\n', lineStart);
    }
    return { line, column: at - lineStart + 1 };
  };

  let at = xml.indexOf('<');
  while (at !== -1) {
    let next: number;
    if (xml.startsWith('<!--', at)) {
      next = endOf(xml, '-->', at + 4);
    } else if (xml.startsWith('<![CDATA[', at)) {
      next = endOf(xml, ']]>', at + 9);
    } else if (xml.startsWith('<?', at)) {
      next = endOf(xml, '?>', at + 2);
    } else if (xml.startsWith('<!', at)) {
      declaration ??= {
        ...positionOf(at),
        keyword: /^<!([A-Za-z]*)/.exec(xml.slice(at, at + 20))?.[1] ?? '',
      };
      next = endOf(xml, '>', at + 2);
    } else if (xml.startsWith('</', at)) {
      next = endOf(xml, '>', at + 2);
      const name = /^[^\s>]+/.exec(xml.slice(at + 2, next))?.[0] ?? '';
      const opened = open.pop();
      if (opened?.name.endsWith('extensionElements')) extensionDepth -= 1;
      if (!unbalanced && opened?.name !== name) {
        const message = opened
          ? `</${name}> found where </${opened.name}> should close the tag opened on line ${opened.line}`
          : `</${name}> has no start tag`;
        unbalanced = { ...positionOf(at), message };
      }
    } else {
      const tagEnd = endOfTag(xml, at + 1);
      const tag = xml.slice(at + 1, tagEnd);
      const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
      const localName = name.slice(name.indexOf(':') + 1);
      const idMatch = ID_ATTRIBUTE.exec(tag.slice(name.length));
      const position = { ...positionOf(at), localName };
      if (!tag.endsWith('/')) {
        open.push({ name, line: position.line });
        if (localName === 'extensionElements') extensionDepth += 1;
      }
      // ids inside <extensionElements> (`flowable:formProperty id="start"`) are not element ids
      // and may repeat one, as Flowable allows
      if ((idMatch && extensionDepth === 0) || !root) {
        root ??= position;
        const id = idMatch?.[1] ?? idMatch?.[2];
        if (id !== undefined) {
          if (byId.has(id)) duplicateIds.push({ id, position });
          else byId.set(id, position);
        }
      }
      next = tagEnd + 1;
    }
    at = next >= xml.length ? -1 : xml.indexOf('<', next);
  }

  const end = positionOf(xml.length);
  const unclosed = open.at(-1);
  if (!unbalanced && unclosed) {
    unbalanced = { ...end, message: `<${unclosed.name}> opened on line ${unclosed.line} is never closed` };
  }
  return { byId, duplicateIds, root, declaration, end, unbalanced };
};

/** index just past `terminator`, or the end of the text when it never comes */
const endOf = (xml: string, terminator: string, from: number): number => {
  const found = xml.indexOf(terminator, from);
  return found === -1 ? xml.length : found + terminator.length;
};

/** index of the `>` closing a start tag, skipping quoted attribute values that may contain `>` */
const endOfTag = (xml: string, from: number): number => {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return xml.length;
};
