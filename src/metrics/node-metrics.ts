/**
 * A node's Prometheus metrics beyond the job executor's (`jobs/metrics.ts`), with prom-client:
 * HTTP requests by route pattern and status with latencies, the database pool's use and wait,
 * process instances started and ended, tasks created and completed (read from the engine's
 * typed event map, so they count committed work only), and prom-client's Node defaults
 * (event-loop lag, heap, GC, CPU). Each node has its own registry, labelled with its id, so
 * several nodes in one process (tests) do not share figures.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventBus, EngineEvent } from '../engine/events.ts';
import type { PoolStats } from '../persistence/database.ts';

/**
 * Seconds. A REST call on a warm node takes a few milliseconds; a deployment or a large
 * query hundreds; anything past 10 s is a timeout in the making.
 */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds. A free connection is handed over in microseconds; a wait of 10 s is the connect timeout. */
const POOL_WAIT_BUCKETS = [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** What a request is counted under when no route matched: never the raw URL, which is unbounded. */
export const UNMATCHED_ROUTE = 'UNMATCHED';

export interface NodeMetrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Count the engine's committed events from now on. */
  watchEngine(bus: EventBus): void;
  /** The exposition text, prom-client's `Content-Type`. */
  render(): Promise<string>;
  readonly contentType: string;
  stop(): void;
}

const engineCounters = (registry: Registry) => {
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    'instance:started': counter('weir_process_instances_started_total', 'Process instances started.'),
    'instance:ended': counter(
      'weir_process_instances_ended_total',
      'Process instances ended (completed, cancelled or deleted).',
    ),
    'task:created': counter('weir_tasks_created_total', 'User tasks created.'),
    'task:completed': counter('weir_tasks_completed_total', 'User tasks completed.'),
  } as const satisfies Partial<Record<EngineEvent['type'], Counter>>;
};

const poolMetrics = (registry: Registry, pool: PoolStats): (() => void) => {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge(
    'weir_db_pool_max_connections',
    'Most connections the pool opens (database.pool-size).',
    () => pool.max,
  );
  gauge('weir_db_pool_connections', 'Connections open, idle or in use.', () => pool.total);
  gauge('weir_db_pool_idle_connections', 'Open connections not in use.', () => pool.idle);
  gauge('weir_db_pool_active_connections', 'Connections in use.', () => pool.total - pool.idle);
  gauge('weir_db_pool_waiting', 'Callers waiting for a connection now.', () => pool.waiting);
  const wait = new Histogram({
    name: 'weir_db_pool_wait_seconds',
    help: 'Time a query or transaction waited for a pooled connection.',
    buckets: POOL_WAIT_BUCKETS,
    registers: [registry],
  });
  return pool.onWait((ms) => wait.observe(ms / 1000));
};

export const createNodeMetrics = (nodeId: string, pool?: PoolStats): NodeMetrics => {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'weir_http_server_requests_seconds',
    help: 'HTTP requests by method, route pattern and status, with their duration.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const counters = engineCounters(registry);
  const stops: (() => void)[] = [];
  if (pool) stops.push(poolMetrics(registry, pool));

  return {
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
    watchEngine(bus) {
      stops.push(
        bus.on((event) => {
          if (event.type in counters) counters[event.type as keyof typeof counters].inc();
        }),
      );
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
    stop() {
      for (const stop of stops.splice(0)) stop();
      registry.clear();
    },
  };
};
