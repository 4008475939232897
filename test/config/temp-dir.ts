import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh working directory per test, removed afterwards; `write` puts a file in it. */
export const useTempDir = (): {
  readonly path: () => string;
  write: (name: string, text: string) => string;
} => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const path = (): string => (dir ??= mkdtempSync(join(tmpdir(), 'weir-config-')));
  const write = (name: string, text: string): string => {
    const file = join(path(), name);
    writeFileSync(file, text);
    return file;
  };
  return { path, write };
};
