#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx netreach` works right after `npm ci`
// with no build step (and never runs a stale build).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
