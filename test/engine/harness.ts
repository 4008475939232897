/**
 * An engine on a fresh database for each test file, on PostgreSQL or PGlite. Engine suites
 * run once per database kind: `describeEachDatabase` (WEIR_TEST_DATABASES narrows the kinds).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { Engine, SettableClock, DelegateRegistry } from '../../src/engine/index.ts';
import type { EngineConfig } from '../../src/engine/index.ts';
import type { Database } from '../../src/persistence/database.ts';
import { openTestDatabase, type TestDatabaseKind } from '../helpers/database.ts';

export const fixturesDir = fileURLToPath(new URL('../fixtures/bpmn/', import.meta.url));

export const databaseKinds: TestDatabaseKind[] = (process.env.WEIR_TEST_DATABASES ?? 'postgres,embedded')
  .split(',')
  .map((s) => s.trim() as TestDatabaseKind);

export const describeEachDatabase = (name: string, body: (kind: TestDatabaseKind) => void): void => {
  for (const kind of databaseKinds) describe(`${name} [${kind}]`, () => body(kind));
};

export interface EngineHarness {
  engine: Engine;
  clock: SettableClock;
  db: Database;
  delegates: DelegateRegistry;
  deployFixture(...names: string[]): Promise<void>;
  close(): Promise<void>;
}

export const fixture = (name: string): Promise<string> => readFile(path.join(fixturesDir, name), 'utf8');

export const createEngineHarness = async (
  kind: TestDatabaseKind,
  config: Partial<EngineConfig> = {},
): Promise<EngineHarness> => {
  const { db, close } = await openTestDatabase(kind);
  const clock = new SettableClock(new Date('2026-03-02T09:00:00Z'));
  const delegates = new DelegateRegistry();
  const engine = new Engine({ db, clock, delegates, config });
  return {
    engine,
    clock,
    db,
    delegates,
    async deployFixture(...names: string[]) {
      const resources = await Promise.all(names.map(async (n) => ({ name: n, content: await fixture(n) })));
      await engine.deploy({ name: names.join(','), resources });
    },
    close,
  };
};
