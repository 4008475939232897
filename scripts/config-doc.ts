/**
 * Prints docs/configuration.md, generated from the key registry and formatted with the
 * project's Prettier settings so that `prettier --check` and the drift test agree.
 *
 *   node scripts/config-doc.ts > docs/configuration.md
 *   node scripts/config-doc.ts --check    # exit 1 when the committed file is stale
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderConfigDoc } from '../src/config/index.ts';

const docPath = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));

const options = await resolveConfig(docPath);
const generated = await format(renderConfigDoc(), { ...options, filepath: docPath });

if (process.argv.includes('--check')) {
  const committed = readFileSync(docPath, 'utf8');
  if (committed !== generated) {
    process.stderr.write(
      'docs/configuration.md is stale: run node scripts/config-doc.ts > docs/configuration.md\n',
    );
    process.exit(1);
  }
} else {
  process.stdout.write(generated);
}
