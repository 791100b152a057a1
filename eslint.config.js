// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src and what each may not import (the same shape test/architecture.test.ts
 * checks from the imports): core nothing outside itself, storage only core (and the
 * config), transports never storage or each other. no-restricted-imports matches the
 * written specifier, so each rule is given per folder depth: from src/<layer>/<d-1 folders>/x.ts,
 * `../` d times is src/.
 */
const TRANSPORTS = ['telegram', 'http', 'jobs'];
const ABOVE = ['app', 'cli', 'emulator'];
const LAYER_RULES = {
  core: { dirs: ['storage', ...TRANSPORTS, ...ABOVE], files: ['config', 'health', 'logger', 'i18n', 'training', 'web-build', 'cli'], packages: ['kysely', 'grammy', 'hono', '@hono', 'pino', 'node:fs', 'better-sqlite3', 'pg'] },
  storage: { dirs: [...TRANSPORTS, ...ABOVE], files: ['training', 'web-build', 'cli'], packages: ['grammy', 'hono', '@hono'] },
  telegram: { dirs: ['storage', 'http', 'jobs', ...ABOVE], files: ['training', 'web-build', 'cli'], packages: ['kysely', 'hono', '@hono'] },
  http: { dirs: ['storage', 'telegram', 'jobs', ...ABOVE], files: ['training', 'web-build', 'cli'], packages: ['kysely', 'grammy'] },
  jobs: { dirs: ['storage', 'telegram', 'http', ...ABOVE], files: ['training', 'web-build', 'cli'], packages: ['kysely', 'grammy', 'hono', '@hono'] },
  emulator: { dirs: ['core', 'storage', ...TRANSPORTS, 'app', 'cli'], files: ['config', 'health', 'logger', 'i18n', 'training', 'web-build', 'cli'], packages: [] },
};
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const layerRules = Object.entries(LAYER_RULES).flatMap(([layer, { dirs, files, packages }]) =>
  [1, 2, 3, 4].map((depth) => {
    const up = '\\.\\./'.repeat(depth);
    const message = `src/${layer} may not import this (see eslint.config.js: the layers)`;
    return {
      files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
      ignores: ['**/*.test.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { regex: `^${up}(${dirs.join('|')})/`, message },
              { regex: `^${up}(${files.map(escape).join('|')})\\.ts$`, message },
              ...(packages.length > 0 ? [{ regex: `^(${packages.map(escape).join('|')})(/|$)`, message }] : []),
            ],
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results/**', 'web/dist/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts only.' },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**/*.ts', 'bench/**/*.ts', 'vitest.config.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  ...layerRules,
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
