#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx netreach` works right after `npm ci`
// with no build step (and never runs a stale build). tsx is a development dependency: where
// it is not installed (`npm ci --omit=dev`, the Docker image) the compiled dist/ runs, with
// plain node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
}
if (tsx) {
  tsx.register();
  await import('../src/cli.ts');
} else {
  const compiled = new URL('../dist/cli.js', import.meta.url);
  if (!existsSync(fileURLToPath(compiled))) {
    console.error('netreach: dist/ is not built and tsx is not installed: run `npm ci` (sources) or `npm run build` (dist/).');
    process.exit(2);
  }
  await import(compiled.href);
}
