import { randomUUID } from 'node:crypto';
import { Engine } from '../src/engine/index.ts';
import type { Database, Transaction } from '../src/persistence/database.ts';
import { createWeirTemplate } from './harness/databases.ts';
import { openWeirDatabase } from './weir/scratch-engine.ts';
import { TIMER } from './weir/models.ts';
import { startMany } from './weir/client-engine.ts';
const N = Number(process.argv[2] ?? 10000);
const template = await createWeirTemplate();
const weir = await openWeirDatabase('explain2', template);
let captured: { sql: string; params: readonly unknown[] }[] = [];
const db: Database = {
  ...weir.db,
  query: weir.db.query.bind(weir.db),
  transaction: (work) =>
    weir.db.transaction((tx: Transaction) =>
      work({
        ...tx,
        query: (sql: string, p?: readonly unknown[]) => {
          captured.push({ sql, params: p ?? [] });
          return tx.query(sql, p);
        },
        afterCommit: tx.afterCommit.bind(tx),
        exec: tx.exec.bind(tx),
      } as Transaction),
    ),
};
const engine = new Engine({ db, nodeId: 'explain' });
let t = Date.now();
const later = new Date(Date.now() + 3600_000).toISOString();
await startMany(engine, TIMER, N, 8, () => ({ due: later }));
console.log(`created ${N} timers in ${Date.now() - t} ms`);
await weir.db.exec('ANALYZE');
const { rows } = await weir.db.query<{ id: string }>(`select id from weir_job limit 1`);
captured = [];
t = Date.now();
await engine.executeJob(rows[0].id);
console.log('one timer job', Date.now() - t, 'ms');
const big = captured.find((c) => c.sql.startsWith('WITH'))!;
const params = big.params.map((p) =>
  typeof p === 'string' && p.startsWith('[')
    ? JSON.stringify(
        JSON.parse(p).map((r: Record<string, unknown>) => ('seq' in r ? { ...r, id: randomUUID() } : r)),
      )
    : p,
);
await weir.db
  .transaction(async (tx) => {
    const r = await tx.query<{ 'QUERY PLAN': string }>('EXPLAIN (ANALYZE, BUFFERS) ' + big.sql, params);
    console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    throw new Error('rollback');
  })
  .catch(() => {});
// a start too
captured = [];
await engine.startProcessInstanceByKey(TIMER, { variables: { due: later } });
const st = captured.find((c) => c.sql.startsWith('WITH'))!;
console.log(st.sql.replace(/\s+/g, ' ').slice(0, 600));
await weir.close();
await template.drop();
