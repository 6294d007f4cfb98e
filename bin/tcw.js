#!/usr/bin/env node
// The `tcw` command. Runs the TypeScript sources through tsx so a fresh clone works without a build.
import { register } from 'tsx/esm/api';
import { reexecOnSupportedNode } from '../scripts/ensure-node.mjs';

reexecOnSupportedNode();
register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
