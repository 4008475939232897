import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { errorCatalogue } from '../../src/errors.ts';

test('docs/errors.md lists every code of the catalogue with its status, and no other', async () => {
  const doc = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `(WEIR_[A-Z_]+)` +\| (\d+) +\|/gm)].map(([, code, status]) => [
    code,
    Number(status),
  ]);
  expect(rows.sort()).toEqual(
    Object.entries(errorCatalogue)
      .map(([code, { status }]) => [code, status])
      .sort(),
  );
});
