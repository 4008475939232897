import { Engine } from '../src/engine/index.ts';
import type { Database, Transaction } from '../src/persistence/database.ts';
import { createWeirTemplate } from './harness/databases.ts';
import { openWeirDatabase } from './weir/scratch-engine.ts';
import { ASYNC_NOOP, STRAIGHT_THROUGH } from './weir/models.ts';
const template = await createWeirTemplate();
const weir = await openWeirDatabase('count', template);
const log: string[] = [];
const wrapQ = (q: Database['query']) =>
  ((sql: string, p?: readonly unknown[]) => {
    log.push(sql.replace(/\s+/g, ' ').slice(0, 110));
    return q(sql, p);
  }) as Database['query'];
const db: Database = {
  ...weir.db,
  query: wrapQ(weir.db.query.bind(weir.db)),
  transaction: (work) =>
    weir.db.transaction((tx: Transaction) => {
      log.push('BEGIN');
      return work({
        ...tx,
        query: wrapQ(tx.query.bind(tx)),
        afterCommit: tx.afterCommit.bind(tx),
        exec: tx.exec.bind(tx),
      }).then((v) => {
        log.push('COMMIT');
        return v;
      });
    }),
};
const engine = new Engine({ db, nodeId: 'count' });
await engine.delegates.loadFolder(new URL('./weir/delegates/', import.meta.url).pathname);
await engine.startProcessInstanceByKey(STRAIGHT_THROUGH, { variables: { x: 0 } });
log.length = 0;
await engine.startProcessInstanceByKey(STRAIGHT_THROUGH, { variables: { x: 0 } });
console.log('--- straight-through start:', log.length);
console.log(log.join('\n'));
log.length = 0;
const s = await engine.startProcessInstanceByKey(ASYNC_NOOP);
console.log('--- async start:', log.length);
console.log(log.join('\n'));
const { rows } = await weir.db.query<{ id: string }>('select id from weir_job');
log.length = 0;
await engine.executeJob(rows[0].id);
console.log('--- job:', log.length);
console.log(log.join('\n'));
void s;
await weir.close();
await template.drop();
