import { describe, expect, it } from 'vitest';

import { loadFixture, nodeOf } from './fixtures.ts';

describe('the model', () => {
  it('is frozen all the way down', async () => {
    const definitions = await loadFixture('listeners');
    const process = definitions.processes[0];
    const review = nodeOf(process, 'review', 'userTask');
    expect(Object.isFrozen(definitions)).toBe(true);
    expect(Object.isFrozen(definitions.processes)).toBe(true);
    expect(Object.isFrozen(process.nodes)).toBe(true);
    expect(Object.isFrozen(review)).toBe(true);
    expect(Object.isFrozen(review.outgoing)).toBe(true);
    expect(Object.isFrozen(review.taskListeners[0].fields[0])).toBe(true);
    expect(() => {
      (review.outgoing as string[]).push('sneaky');
    }).toThrow(TypeError);
  });

  it('is plain data that survives a JSON round trip unchanged', async () => {
    const definitions = await loadFixture('compensation');
    expect(JSON.parse(JSON.stringify(definitions))).toEqual(definitions);
  });

  it('gives every node and flow the line and column of its start tag', async () => {
    const process = (await loadFixture('embedded-subprocess')).processes[0];
    expect(process).toMatchObject({ line: 6, column: 3 });
    expect(process.nodes.nested).toMatchObject({ line: 14, column: 7 });
    expect(process.flows.toShip).toMatchObject({ line: 24, column: 5 });
  });
});
