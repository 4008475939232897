/**
 * Property-based checks of the BPMN reader: whatever bytes arrive, deploying them gives a model
 * or a WeirError with a 4xx status, never another exception and never a hang. Inputs are random
 * text and real models mutated the ways broken files are broken (cut, spliced, duplicated,
 * attributes and tags garbled).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isWeirError } from '../../src/errors.ts';
import { loadBpmn } from '../../src/model/index.ts';

const folders = [
  new URL('../fixtures/bpmn/', import.meta.url),
  new URL('../conformance/fixtures/', import.meta.url),
];
const models = folders.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.bpmn20.xml'))
    .map((name) => readFileSync(new URL(name, folder), 'utf8')),
);

/** Deploying either succeeds or fails with a client error; the test fails on anything else. */
const deploysOrRefuses = async (xml: string): Promise<void> => {
  try {
    await loadBpmn(xml, { resourceName: 'fuzz.bpmn20.xml' });
  } catch (error) {
    if (!isWeirError(error) || error.status < 400 || error.status >= 500) throw error;
  }
};

const SNIPPETS = [
  '<',
  '>',
  '/>',
  '"',
  "'",
  '&',
  '&amp;',
  '&#0;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY e "boom">]>',
  '${',
  '}',
  '#{x',
  'id=""',
  ' id="dup"',
  ' sourceRef="nowhere"',
  ' targetRef="start"',
  ' attachedToRef="end"',
  ' default="f1"',
  ' messageRef="tns:x"',
  ' errorRef="a:b:c"',
  ' flowable:collection="${"',
  ' flowable:skipExpression="${x +}"',
  ' itemSubjectRef="xsd:int"',
  '<flowable:value>not a number</flowable:value>',
  '<userTask/>',
  '<sequenceFlow/>',
  '<subProcess triggeredByEvent="true">',
  '</subProcess>',
  '<multiInstanceLoopCharacteristics><loopDataInputRef/></multiInstanceLoopCharacteristics>',
  '<timerEventDefinition><timeCycle>R/</timeCycle></timerEventDefinition>',
  '<dataObject id="d" name="constructor"/>',
  '<dataObject name="__proto__" itemSubjectRef="xsd:boolean"><extensionElements><flowable:value>true</flowable:value></extensionElements></dataObject>',
  '\u0000',
  '\uFFFF',
  '\uD800',
];

type Mutation = (xml: string) => string;

const at = (xml: string, fraction: number): number => Math.floor(fraction * xml.length);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // cut a range out
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(200)).map(
    ([where, length]): Mutation =>
      (xml) =>
        xml.slice(0, at(xml, where)) + xml.slice(at(xml, where) + length),
  ),
  // insert a snippet
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SNIPPETS)).map(
    ([where, snippet]): Mutation =>
      (xml) =>
        xml.slice(0, at(xml, where)) + snippet + xml.slice(at(xml, where)),
  ),
  // duplicate a range (duplicate ids, repeated elements, unbalanced tags)
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(400))
    .map(([where, length]): Mutation => (xml) => {
      const from = at(xml, where);
      return xml.slice(0, from + length) + xml.slice(from, from + length) + xml.slice(from + length);
    }),
  // garble one attribute value
  fc.tuple(fc.nat(), fc.string({ maxLength: 12 })).map(([which, value]): Mutation => (xml) => {
    const values = [...xml.matchAll(/="[^"]*"/g)];
    if (values.length === 0) return xml;
    const match = values[which % values.length];
    const escaped = value.replace(/["<&]/g, '');
    return xml.slice(0, match.index) + `="${escaped}"` + xml.slice(match.index + match[0].length);
  }),
);

const SETTINGS = { interruptAfterTimeLimit: 15_000, numRuns: 100_000, timeout: 2_000 } as const;

describe('the BPMN reader never fails in a way a client did not cause', () => {
  it('on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), deploysOrRefuses),
      { ...SETTINGS, interruptAfterTimeLimit: 3_000 },
    );
  });

  it('on real models cut, spliced and garbled', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...models),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (model, mutations) => {
          runs++;
          await deploysOrRefuses(mutations.reduce((xml, mutate) => mutate(xml), model));
        },
      ),
      SETTINGS,
    );
    // a time-limited run that did almost nothing would prove nothing
    expect(runs).toBeGreaterThan(200);
  }, 30_000);

  it('every unmutated model deploys, so the mutations start from valid input', async () => {
    for (const model of models) await expect(loadBpmn(model)).resolves.toBeDefined();
  });
});
