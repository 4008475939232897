import { Engine } from '../src/engine/index.ts';
import type { Database, Transaction } from '../src/persistence/database.ts';
import { createWeirTemplate } from './harness/databases.ts';
import { openWeirDatabase } from './weir/scratch-engine.ts';
import { ASYNC_NOOP, STRAIGHT_THROUGH } from './weir/models.ts';
const template = await createWeirTemplate();
const weir = await openWeirDatabase('explain', template);
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
await engine.delegates.loadFolder(new URL('./weir/delegates/', import.meta.url).pathname);
for (let i = 0; i < 200; i++)
  await engine.startProcessInstanceByKey(STRAIGHT_THROUGH, { variables: { x: 0 } });
captured = [];
const which = process.argv[2] ?? 'straight';
if (which === 'straight') await engine.startProcessInstanceByKey(STRAIGHT_THROUGH, { variables: { x: 0 } });
else if (which === 'start') await engine.startProcessInstanceByKey(ASYNC_NOOP);
else {
  await engine.startProcessInstanceByKey(ASYNC_NOOP);
  const { rows } = await weir.db.query<{ id: string }>('select id from weir_job');
  captured = [];
  await engine.executeJob(rows[0].id);
}
const big = captured.find((c) => c.sql.startsWith('WITH'))!;
console.log(
  big.sql.length,
  'chars,',
  big.params.length,
  'params,',
  (big.sql.match(/ AS \(/g) ?? []).length,
  'ctes',
);
console.log(big.sql.replace(/\s+/g, ' ').slice(0, 3000));
await weir.db.transaction(async (tx) => {
  // re-run on fresh ids is impossible; explain the same statement after deleting what it inserted is complex: explain in a savepoint on a db where it already ran -> conflicts. So only print plan without analyze
  const r = await tx.query<{ 'QUERY PLAN': string }>('EXPLAIN ' + big.sql, big.params);
  console.log(
    r.rows
      .map((x) => x['QUERY PLAN'])
      .join('\n')
      .slice(0, 4000),
  );
});
await weir.close();
await template.drop();
