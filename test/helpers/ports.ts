import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports handed to another process (a node, nginx, PostgreSQL, a broker) are free when chosen and
// taken a moment later. A port in the kernel's ephemeral range can be taken in between by any
// outgoing connection of the suite (hundreds of pools connect to PostgreSQL at once), so the
// choice is made below that range, where only listeners that ask for the port by number go.
const ephemeralStart = (): number => {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const start = Number(low);
    return Number.isInteger(start) && start > 12_000 ? start : 32_768;
  } catch {
    return 32_768;
  }
};

const LOWEST = 10_000;

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** `count` consecutive ports free now, below the ephemeral range (for `weir cluster`, which takes server.port and the ones after). */
export const freePortRange = async (count: number): Promise<number> => {
  const span = ephemeralStart() - LOWEST - count;
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * span);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found below ${ephemeralStart()}`);
};

/** One port free now, below the ephemeral range. */
export const freePort = (): Promise<number> => freePortRange(1);
