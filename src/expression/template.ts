/**
 * Splits a text into literal parts and `${...}` / `#{...}` expressions. As in JUEL, `\${`
 * and `\#{` in literal text stand for the characters themselves.
 */
import type { TemplatePart } from './ast.ts';
import { parseEmbedded } from './parser.ts';

export const isExpressionText = (text: string): boolean => text.includes('${') || text.includes('#{');

export const parseTemplate = (text: string): TemplatePart[] => {
  const parts: TemplatePart[] = [];
  let literal = '';
  let chunkStart = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const opensAt = char === '\\' ? index + 1 : index;
    const opens = (text[opensAt] === '$' || text[opensAt] === '#') && text[opensAt + 1] === '{';
    if (!opens) {
      index++;
      continue;
    }
    literal += text.slice(chunkStart, index);
    if (char === '\\') {
      literal += text.slice(opensAt, opensAt + 2);
      index = opensAt + 2;
    } else {
      if (literal !== '') parts.push(literal);
      literal = '';
      const { node, end } = parseEmbedded(text, index + 2);
      parts.push(node);
      index = end;
    }
    chunkStart = index;
  }
  literal += text.slice(chunkStart);
  if (literal !== '') parts.push(literal);
  return parts;
};
