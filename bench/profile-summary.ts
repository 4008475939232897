/**
 * Summarise V8 CPU profiles (`--cpu-prof`, e.g. from `BENCH_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof" npm run bench -- --quick --only=async`): the functions with the
 * most self time, over all the profiles given, as a share of the samples that were not idle.
 *
 *   node bench/profile-summary.ts /tmp/prof/*.cpuprofile [--top=25] [--skip-ms=5000]
 *
 * `--skip-ms` leaves out each profile's first milliseconds: a node's boot (module loading,
 * schema compilation) is not what the load costs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** Microseconds from the sample before (the first: from the profile's start). */
  readonly timeDeltas: readonly number[];
}

const args = process.argv.slice(2);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const skipUs = 1000 * Number(args.find((a) => a.startsWith('--skip-ms='))?.slice(10) ?? 0);
const files = args.filter((a) => !a.startsWith('--'));

/** Where a function lives, short: the package, or the path inside the repository. */
const place = (url: string): string => {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0)
    return url
      .slice(modules + 'node_modules/'.length)
      .split('/')
      .slice(0, 3)
      .join('/');
  if (url.startsWith('node:')) return url;
  return path.relative(process.cwd(), url.replace(/^file:\/\//, ''));
};

const selfSamples = new Map<string, number>();
let busy = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let at = 0;
  for (const [i, id] of profile.samples.entries()) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < skipUs) continue;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += 1;
    const key = `${functionName || '(anonymous)'}  ${place(url)}${url ? `:${lineNumber + 1}` : ''}`;
    selfSamples.set(key, (selfSamples.get(key) ?? 0) + 1);
  }
}

console.log(`${busy} busy samples in ${files.length} profiles; top ${top} by self time:`);
for (const [key, n] of [...selfSamples].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((100 * n) / busy).toFixed(1).padStart(5)}%  ${key}`);
}
