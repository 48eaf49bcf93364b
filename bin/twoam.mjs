#!/usr/bin/env node
// The twoam command: runs the TypeScript CLI through tsx so authors need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
