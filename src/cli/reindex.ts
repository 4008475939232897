/**
 * `weir reindex`: rebuild the search index from the engine's tables, online (nodes keep
 * running; see `search/reindex.ts`). Creates the index tables first if they are missing,
 * under the index-mapping lock as a booting node does. On a terminal it draws a progress
 * bar; otherwise (a log, a pipe) it prints a progress line every tenth of the way.
 */
import { hostname } from 'node:os';
import { loadConfig } from '../config/index.ts';
import { createIndexMappings } from '../cluster/index-mappings.ts';
import { generateNodeId } from '../cluster/node-registry.ts';
import { openDatabase } from '../persistence/open-database.ts';
import { reindex, type ReindexProgress } from '../search/reindex.ts';
import { checkSearchLanguage } from '../search/setup.ts';
import type { CliIo } from './main.ts';

const BAR_WIDTH = 30;

const percent = ({ done, total }: ReindexProgress) => (total === 0 ? 100 : Math.floor((done / total) * 100));

export const progressBar = (p: ReindexProgress): string => {
  const filled = Math.round((percent(p) / 100) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent(p)}% ${p.done}/${p.total}`;
};

/** The progress reporter: a bar redrawn in place on a terminal, a line per 10 % elsewhere. */
const reporter = (io: CliIo) => {
  if (io.progress) {
    const draw = io.progress;
    return (p: ReindexProgress) => draw(progressBar(p));
  }
  let shown = -1;
  return (p: ReindexProgress) => {
    const tenth = Math.floor(percent(p) / 10);
    if (tenth === shown) return;
    shown = tenth;
    io.stdout(`reindex: ${percent(p)}% (${p.done} of ${p.total} process trees, instances, cases and tasks)`);
  };
};

export const runReindex = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const config = loadConfig({ argv, env: io.env, cwd: io.cwd });
  const db = await openDatabase(config, { applicationName: 'weir reindex' });
  try {
    const owner = { id: config.node.id ?? generateNodeId(), host: hostname() };
    await createIndexMappings(db, owner, config.indexing, { info: () => {} });
    await checkSearchLanguage(db, config.search.language);
    const result = await reindex(db, {
      language: config.search.language,
      batchSize: config.search.reindexBatchSize,
      onProgress: reporter(io),
    });
    if (io.progress) io.progress('\n');
    io.stdout(
      `Reindexed ${result.instances} process instances, ${result.cases} case instances and ${result.tasks} tasks; removed ${result.removed} stale entries`,
    );
    return 0;
  } finally {
    await db.close();
  }
};
