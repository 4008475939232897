import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { expect, test } from 'vitest';
import { forEachDatabase } from '../helpers/database.ts';
import { generateNodeId, listLiveNodes, registerNode } from '../../src/cluster/node-registry.ts';
import type { Database } from '../../src/persistence/database.ts';

const log = pino({ level: 'silent' });

const identity = (id: string, port = 8090) => ({
  id,
  host: 'host-1',
  port,
  version: '9.9.9',
  startedAt: new Date('2026-01-01T00:00:00Z'),
});

const lastBeat = async (db: Database, id: string) =>
  (await db.query<{ at: Date }>('SELECT last_beat_at AS at FROM weir_node WHERE id = $1', [id])).rows[0]?.at;

test('a generated node id is the host name and a random suffix, different at every boot', () => {
  const first = generateNodeId();
  expect(first).toMatch(new RegExp(`^${hostname()}-[0-9a-f]{8}$`));
  expect(generateNodeId()).not.toBe(first);
});

forEachDatabase((db) => {
  test('a registered node is listed with its host, port and version, and beats', async () => {
    const registration = await registerNode(db(), identity('beating'), {
      interval: 100,
      staleAfter: 5_000,
      log,
    });
    try {
      const [node] = (await listLiveNodes(db(), 5_000)).filter((n) => n.id === 'beating');
      expect(node).toMatchObject({ host: 'host-1', port: 8090, version: '9.9.9' });
      expect(node.startedAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
      expect(node.stats).toMatchObject({ pid: process.pid });
      const first = (await lastBeat(db(), 'beating')).getTime();
      let latest = first;
      for (let i = 0; i < 50 && latest === first; i++) {
        await sleep(50);
        latest = (await lastBeat(db(), 'beating')).getTime();
      }
      expect(latest).toBeGreaterThan(first);
    } finally {
      await registration.deregister();
    }
  });

  test('deregistering removes the node at once and stops its heartbeat', async () => {
    const registration = await registerNode(db(), identity('leaving'), {
      interval: 50,
      staleAfter: 5_000,
      log,
    });
    await registration.deregister();
    expect(await lastBeat(db(), 'leaving')).toBeUndefined();
    await sleep(200);
    expect(await lastBeat(db(), 'leaving')).toBeUndefined();
  });

  test('a node whose heartbeat is older than the stale limit is no longer live', async () => {
    const registration = await registerNode(db(), identity('silent'), {
      interval: 60_000,
      staleAfter: 5_000,
      log,
    });
    try {
      expect((await listLiveNodes(db(), 5_000)).map((n) => n.id)).toContain('silent');
      await sleep(300);
      expect((await listLiveNodes(db(), 200)).map((n) => n.id)).not.toContain('silent');
    } finally {
      await registration.deregister();
    }
  });

  test('the port the server really listens on replaces the configured one', async () => {
    const registration = await registerNode(db(), identity('port-zero', 0), {
      interval: 60_000,
      staleAfter: 5_000,
      log,
    });
    try {
      await registration.setPort(41234);
      const [node] = (await listLiveNodes(db(), 5_000)).filter((n) => n.id === 'port-zero');
      expect(node.port).toBe(41234);
    } finally {
      await registration.deregister();
    }
  });

  test('a row removed behind a live node comes back with its next beat', async () => {
    const registration = await registerNode(db(), identity('resilient'), {
      interval: 50,
      staleAfter: 5_000,
      log,
    });
    try {
      await db().query(`DELETE FROM weir_node WHERE id = 'resilient'`);
      let back: Date | undefined;
      for (let i = 0; i < 50 && !back; i++) {
        await sleep(50);
        back = await lastBeat(db(), 'resilient');
      }
      expect(back).toBeInstanceOf(Date);
    } finally {
      await registration.deregister();
    }
  });
});

forEachDatabase(
  (db) => {
    test('the heartbeat keeps beating while long work holds every pooled connection', async () => {
      // The pool of `openTestDatabase` holds 5 connections: all 5 sleep for 2 s. A beat that
      // waited for a pooled connection would stall for those 2 s, and a node whose jobs hold
      // its pool would fence itself and be taken for dead while it works.
      const registration = await registerNode(db(), identity('busy'), {
        interval: 100,
        staleAfter: 5_000,
        log,
      });
      try {
        const busy = Array.from({ length: 5 }, () => db().query('SELECT pg_sleep(2)'));
        await sleep(300);
        const beats: number[] = [];
        for (let i = 0; i < 12; i++) {
          await sleep(100);
          beats.push(registration.lastBeatAt());
        }
        await Promise.all(busy);
        // Beats every 100 ms during the 1.2 s watched: the last beat is recent, and it moved.
        expect(new Set(beats).size).toBeGreaterThanOrEqual(4);
        expect(Date.now() - beats.at(-1)!).toBeLessThan(1_500);
      } finally {
        await registration.deregister();
      }
    });
  },
  ['postgres'],
);
