#!/usr/bin/env node
/* global process */
// The `weir` command's entry: plain JavaScript that any Node runs, so that an older Node says
// in one line what Weir needs instead of failing on the TypeScript of bin/weir.ts.
// Node runs TypeScript by stripping its types, on by default from 22.18 (and in 24).
const NEEDED = [22, 18];
const parts = process.versions.node.split('.').map(Number);
const major = parts[0];
const minor = parts[1];
if (major < NEEDED[0] || (major === NEEDED[0] && minor < NEEDED[1])) {
  process.stderr.write(
    'weir: needs Node.js ' +
      NEEDED.join('.') +
      ' or newer (it runs its TypeScript directly); this is Node.js ' +
      process.versions.node +
      '\n',
  );
  process.exit(1);
}
// No top-level await or optional chaining: this file must parse on old Nodes to say the above.
import('./weir.ts').catch(function (error) {
  // Node strips types only outside node_modules; an installed copy cannot run.
  if (!error || error.code !== 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING') throw error;
  process.stderr.write(
    'weir: run it from a clone of the repository (or a folder linked with npm link): Node does not run TypeScript inside node_modules\n',
  );
  process.exit(1);
});
