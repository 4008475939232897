#!/usr/bin/env node
// The `weir` command. Node runs this TypeScript directly (type stripping, Node 22.18+/24).
import { runCli } from '../src/cli/main.ts';

process.exit(await runCli(process.argv.slice(2)));
