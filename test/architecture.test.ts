/**
 * The shape of the codebase, checked from its own imports: no file circles, and arrows only
 * down the layers (transports → core → nothing; storage → core; the composition root and
 * the commands above them all). ESLint's no-restricted-imports says the same per folder
 * while editing; this test holds it in `npm test`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Every import of a file: relative ones resolved to repository paths, packages by name. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  const local = specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, normalize(join(dirname(file), s))));
  const packages = specs.filter((s) => s !== '' && !s.startsWith('.'));
  return { local, packages };
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [relative(ROOT, f), importsOf(f)]));

/** The layer of a source file, by folder. */
function layer(path: string): string {
  const rest = path.replace(/^src\//, '');
  const top = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest.replace(/\.(ts|mjs)$/, '');
  return top;
}

const TRANSPORTS = ['telegram', 'http', 'jobs'];
/** What each layer may import from the rest of src (itself always). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  storage: ['core', 'config'],
  telegram: ['core', 'health', 'logger'],
  http: ['core', 'health', 'logger'],
  jobs: ['core', 'logger'],
  emulator: [],
};

describe('the shape of src', () => {
  it('has no circular imports between files', () => {
    const cycles: string[][] = [];
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    let counter = 0;
    const visit = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter);
      counter += 1;
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v)?.local ?? []) {
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        for (;;) {
          const w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
          if (w === v) break;
        }
        if (component.length > 1 || (graph.get(v)?.local ?? []).includes(v)) cycles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });

  it('finds the imports it checks (the check can fail)', () => {
    // A guard against a parser that sees nothing: the composition root imports every layer.
    const root = [...graph.entries()].filter(([f]) => layer(f) === 'app').flatMap(([, i]) => i.local.map(layer));
    for (const l of ['core', 'storage', 'telegram', 'http', 'jobs']) expect(root).toContain(l);
  });

  it('imports only down the layers: core nothing outside it, storage only core, transports never each other', () => {
    const wrong: string[] = [];
    for (const [file, { local }] of graph) {
      const from = layer(file);
      const allowed = ALLOWED[from];
      if (!allowed) continue;
      for (const target of local) {
        const to = layer(target);
        if (to !== from && !allowed.includes(to)) wrong.push(`${file} -> ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps Kysely in storage, grammY in telegram, Hono in http, and node:fs out of core', () => {
    const wrong: string[] = [];
    for (const [file, { packages }] of graph) {
      const from = layer(file);
      for (const name of packages) {
        if (name === 'kysely' && (from === 'core' || TRANSPORTS.includes(from))) wrong.push(`${file} -> ${name}`);
        if (name === 'grammy' && (from === 'core' || from === 'storage' || from === 'http' || from === 'jobs')) wrong.push(`${file} -> ${name}`);
        if (name.startsWith('hono') && (from === 'core' || from === 'storage' || from === 'telegram' || from === 'jobs')) wrong.push(`${file} -> ${name}`);
        if (from === 'core' && /^node:fs/.test(name)) wrong.push(`${file} -> ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
