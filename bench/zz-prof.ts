import { Engine } from '../src/engine/index.ts';
import { createWeirTemplate } from './harness/databases.ts';
import { openWeirDatabase } from './weir/scratch-engine.ts';
import { STRAIGHT_THROUGH, ASYNC_NOOP } from './weir/models.ts';
import { JobExecutor, executorSettingsFrom } from '../src/jobs/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { registerNode } from '../src/cluster/node-registry.ts';
const mode = process.argv[2] ?? 'straight';
const template = await createWeirTemplate();
const weir = await openWeirDatabase('prof', template);
const engine = new Engine({ db: weir.db, nodeId: 'prof' });
await engine.delegates.loadFolder(new URL('./weir/delegates/', import.meta.url).pathname);
let ex: JobExecutor | undefined;
let reg;
if (mode === 'async') {
  reg = await registerNode(
    weir.db,
    { id: 'prof', host: 'h', port: 0, version: 'x', startedAt: new Date() },
    { interval: 2000, staleAfter: 10000 },
  );
  ex = new JobExecutor({
    engine,
    settings: executorSettingsFrom(loadConfig({ argv: [], env: {}, cwd: '/tmp' })),
  });
  await ex.start();
}
const key = mode === 'async' ? ASYNC_NOOP : STRAIGHT_THROUGH;
let n = 0;
const t0 = Date.now();
const end = t0 + 8000;
const cpu0 = process.cpuUsage();
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (Date.now() < end) {
      await engine.startProcessInstanceByKey(key, { variables: { x: 0 } });
      n++;
    }
  }),
);
const cpu = process.cpuUsage(cpu0);
console.log(
  mode,
  'inst/s',
  n / 8,
  'node cpu ms per instance',
  ((cpu.user + cpu.system) / 1000 / n).toFixed(2),
);
await ex?.stop();
await reg?.deregister();
await weir.close();
await template.drop();
