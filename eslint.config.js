// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare builtin names are matched exactly (as gitignore-style patterns, `inspector` or `test` would also forbid our
// own folders of that name); `name/*` patterns have a slash, so they are anchored and match `fs/promises` only.
const nodeBuiltinNames = builtinModules.filter(
  (name) => !name.startsWith('_') && !name.startsWith('node:') && !name.includes('/'),
);
const NODE = Symbol('node builtins');
const nodeBuiltins = [NODE];

/** Import boundaries of the layout: each folder names what it may not reach (`nodeBuiltins` for Node's modules). */
const boundary = (message, group) => {
  const withNode = group.includes(NODE);
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: withNode ? nodeBuiltinNames.map((name) => ({ name, message })) : [],
        patterns: [
          {
            group: [
              ...group.filter((entry) => entry !== NODE),
              ...(withNode ? ['node:*', ...nodeBuiltinNames.map((name) => `${name}/*`)] : []),
            ],
            message,
          },
        ],
      },
    ],
  };
};

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundary(
      'renderer/ runs in the browser: it reaches the server over HTTP/SSE only, and imports shared/ for contracts.',
      ['**/server/**', '**/main/**', 'electron', 'electron/*', ...nodeBuiltins],
    ),
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/labs/**', 'server/assemble.ts'],
    rules: boundary(
      'server/ is plain Node: it never imports electron, main/ or renderer/; and the core never imports server/labs/ (the labs plug into it; server/assemble.ts alone puts the two together).',
      ['**/main/**', '**/renderer/**', 'electron', 'electron/*', '**/labs/**'],
    ),
  },
  {
    // `no-restricted-imports` sees static imports and re-exports only: a dynamic `import('./labs/…')` is the same reach.
    files: ['server/**/*.ts'],
    ignores: ['server/labs/**', 'server/assemble.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/(^|\\/)labs\\//]',
          message:
            'the core never imports server/labs/, not even dynamically: server/assemble.ts alone puts the two together.',
        },
      ],
    },
  },
  {
    files: ['server/labs/**/*.ts', 'server/assemble.ts'],
    rules: boundary('server/ is plain Node: it never imports electron, main/ or renderer/.', [
      '**/main/**',
      '**/renderer/**',
      'electron',
      'electron/*',
    ]),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/preload.ts'],
    rules: boundary(
      'main/ is thin: it reaches server/ through its entry (server.ts, config.ts, config-sources.ts) only, and never renderer/.',
      [
        '**/renderer/**',
        '**/server/**',
        '!**/server/server.ts',
        '!**/server/config.ts',
        '!**/server/config-sources.ts',
      ],
    ),
  },
  {
    files: ['main/preload.ts'],
    rules: boundary(
      'the preload runs sandboxed: it may import electron and shared/ only (no Node built-ins, server/ or renderer/).',
      ['**/server/**', '**/renderer/**', ...nodeBuiltins],
    ),
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundary(
      'shared/ holds types and schemas for both sides: no Node, Electron, DOM, server/, main/ or renderer/ imports.',
      ['**/server/**', '**/main/**', '**/renderer/**', 'electron', 'electron/*', ...nodeBuiltins],
    ),
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
  },
);
