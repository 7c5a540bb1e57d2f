// @ts-check
import { join } from 'node:path';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/** Specs and their helpers: the only code that may use the test infrastructure (@hub/testing). */
const TEST_FILES = ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/**'];
const APPS_AND_LIBS = { element: { types: ['app', 'lib'] } };
const THEIR_SPECS = { ...APPS_AND_LIBS, file: { categories: 'test' } };
const LIB_THROUGH_INDEX = {
  group: ['**/libs/*/src/**', '../../libs/**', '@hub/*/src/**'],
  message: 'Import a lib through its index (@hub/<lib>).',
};
/** STYLE habit 5: one lib talks to Kafka, one to the national systems' HTTP; the rest see interfaces. */
const VENDOR_CLIENTS = [
  { name: 'kafkajs', message: 'Only libs/messaging talks to Kafka: use @hub/messaging.' },
  { name: 'axios', message: 'Only libs/national-adapters makes national HTTP calls.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'contracts/**', '.data/**', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [LIB_THROUGH_INDEX] }],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: [
      'libs/messaging/**',
      'libs/national-adapters/**',
      'libs/testing/**',
      'libs/dev-stack/**',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: [LIB_THROUGH_INDEX], paths: VENDOR_CLIENTS }],
    },
  },
  {
    // The dependency graph, checked (README, "Boundaries"). Apps and production libs form the
    // product; @hub/testing is a leaf only specs use; @hub/dev-stack (npm start, bench, e2e) sits on
    // top of everything and nothing imports it. Last matching policy wins.
    files: ['apps/**/*.{ts,js}', 'libs/**/*.{ts,js}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': {
        [join(import.meta.dirname, 'libs/dev-stack/src/lint/tsconfig-paths-resolver.js')]: {},
        node: { extensions: ['.ts', '.js', '.json'] },
      },
      'boundaries/root-path': import.meta.dirname,
      'boundaries/legacy-templates': false,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
      'boundaries/elements': [
        { type: 'testing', pattern: 'libs/testing' },
        { type: 'dev-stack', pattern: 'libs/dev-stack' },
        { type: 'lib', pattern: 'libs/*', capture: ['lib'] },
        { type: 'app', pattern: 'apps/*', capture: ['app'] },
      ],
      'boundaries/files': [{ category: 'test', pattern: TEST_FILES }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{from.element.type}} may not import {{dependency.source}}: no boundary allows it.',
          policies: [
            { from: { element: { type: 'app' } }, allow: { to: { element: { type: 'lib' } } } },
            { from: { element: { type: 'lib' } }, allow: { to: { element: { type: 'lib' } } } },
            {
              // Tooling sits on top: npm start, the bench and the suites that span apps (e2e, and
              // specs whose fixtures come from more than one app) may use any app and lib.
              from: { element: { type: 'dev-stack' } },
              allow: { to: { element: { types: ['lib', 'testing', 'app'] } } },
            },
            {
              // Apps' and libs' code never uses tooling; their specs, next, may use @hub/testing.
              from: APPS_AND_LIBS,
              disallow: { to: { element: { types: ['testing', 'dev-stack'] } } },
              message:
                'Production code never imports test or dev tooling: {{dependency.source}} is for specs and the dev stack only.',
            },
            { from: THEIR_SPECS, allow: { to: { element: { type: 'testing' } } } },
            {
              from: THEIR_SPECS,
              disallow: { to: { element: { type: 'dev-stack' } } },
              message:
                'A spec imports @hub/testing, not the dev stack ({{dependency.source}}): npm start, bench and e2e live there.',
            },
            {
              from: { element: { type: 'testing' } },
              disallow: { to: { element: { types: ['app', 'lib', 'dev-stack'] } } },
              message:
                '@hub/testing is a leaf (node and npm packages only); it may not import {{dependency.source}}.',
            },
            {
              from: { element: { type: 'app' } },
              disallow: { to: { element: { type: 'app' } } },
              message:
                'An app never imports another app: {{from.element.captured.app}} imports {{to.element.captured.app}} ({{dependency.source}}). Share through a lib.',
            },
            {
              from: { element: { types: ['lib', 'testing'] } },
              disallow: { to: { element: { type: 'app' } } },
              message:
                'A lib never imports an app: {{dependency.source}} is app {{to.element.captured.app}}.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Plain CommonJS scripts (jest config, the pre-install check) run before any build.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: globals.node,
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The ops web console: ES modules served as they are to the browser (no build step).
    files: ['apps/ops/console/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  prettier,
);
