import { Writable } from 'node:stream';
import { afterAll, expect, test } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, spawnNodeProcess } from '../helpers/node-process.ts';

afterAll(cleanUpNodeProcesses);

const capture = (isTTY: boolean) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, lines });
};

/** `2026-12-06 21:04:05.123`, in the machine's time zone. */
const localTimeOf = (date: Date): string => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
};

test('auto: a terminal gets one readable line per entry in local time, a pipe gets JSON', () => {
  const terminal = capture(true);
  const before = new Date();
  createLogger({ level: 'info', format: 'auto' }, terminal).warn({ nodeId: 'n1' }, 'Disk is slow');
  const line = terminal.lines.join('');
  expect(line).not.toMatch(/^\{/);
  expect(line).toContain('Disk is slow');
  expect(line).toContain('WARN');
  expect(line).toContain(`[${localTimeOf(before)}`);
  expect(line).not.toMatch(/pid|hostname/);

  const pipe = capture(false);
  createLogger({ level: 'info', format: 'auto' }, pipe).warn({ nodeId: 'n1' }, 'Disk is slow');
  expect(JSON.parse(pipe.lines.join(''))).toMatchObject({ level: 40, msg: 'Disk is slow', nodeId: 'n1' });
});

test('pretty and json are forced whatever the stream is', () => {
  const pipe = capture(false);
  createLogger({ level: 'info', format: 'pretty' }, pipe).info('Hello');
  expect(pipe.lines.join('')).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO.*: Hello\n$/);
  const terminal = capture(true);
  createLogger({ level: 'info', format: 'json' }, terminal).info('Hello');
  expect(JSON.parse(terminal.lines.join(''))).toMatchObject({ msg: 'Hello' });
});

test(
  'weir start --logging.format=pretty logs readable lines to a pipe',
  async () => {
    const node = await spawnNodeProcess({ args: ['--logging.format=pretty'] });
    try {
      const deadline = Date.now() + 60_000;
      while (!node.stdout().includes(' is up at ') && Date.now() < deadline) {
        if (node.stdout().includes('"level"')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const up = node
        .stdout()
        .split('\n')
        .find((line) => line.includes(' is up at '));
      expect(up).toMatch(
        /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO.*: Weir .* is up at http:\/\/127\.0\.0\.1:\d+/,
      );
      expect(node.stdout()).not.toContain('"level"');
    } finally {
      await node.stop();
    }
  },
  PROCESS_TEST_TIMEOUT,
);
