// ESLint (typescript-eslint) for the whole tree, with the layering rule: each folder imports only the
// folders below it (README, "Layout"). Formatting is Prettier's (npm run format), not ESLint's.
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** A relative import reaching into one of these top-level folders. */
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})/`;

/** no-restricted-imports for a layer: the folders it must not import (types from `typesOnly` are allowed). */
function layer(files, forbidden, typesOnly, why) {
  const patterns = [{ regex: into(...forbidden), message: why }];
  if (typesOnly.length) patterns.push({ regex: into(...typesOnly), allowTypeImports: true, message: `${why} (types only)` });
  return { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } };
}

const SQL_OUTSIDE_STORE = [
  'error',
  { selector: "CallExpression[callee.property.name='query']", message: 'Database calls belong in store/ (a repository function), not here.' },
  { selector: 'Literal[value=/^\\s*(select|insert|update|delete|create|drop|alter|copy)\\s/i]', message: 'SQL belongs in store/.' },
  { selector: 'TemplateElement[value.raw=/^\\s*(select|insert|update|delete|create|drop|alter|copy)\\s/i]', message: 'SQL belongs in store/.' },
];

export default tseslint.config(
  // AssemblyScript sources (*.as.ts) are compiled by asc, not TypeScript.
  { ignores: ['dist/**', 'node_modules/**', '.ci-out/**', 'bench/.out/**', 'coverage/**', '**/*.as.ts', 'engine/tournament/wasm/kernel-wasm-bytes.ts'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(
    ['core/**/*.ts'],
    ['engine', 'workers', 'store', 'app', 'server', 'cli', 'bench', 'test'],
    [],
    'core/ is shared by every layer and imports none of them',
  ),
  layer(['workers/**/*.ts'], ['store', 'app', 'server', 'cli', 'bench', 'test'], [], 'workers/ run engine kernels: they import only engine/ and core/'),
  layer(
    ['store/**/*.ts'],
    ['workers', 'app', 'server', 'cli', 'bench', 'test'],
    [],
    'store/ holds the SQL: it imports only engine/ (types and encoders) and core/',
  ),
  layer(['app/**/*.ts'], ['server', 'cli', 'bench', 'test'], [], 'app/ composes engine, workers and store; interfaces call it, not the other way'),
  layer(['server/**/*.ts'], ['cli', 'workers', 'bench', 'test'], ['engine', 'store'], 'server/ parses, calls app/ and renders'),
  layer(['cli/**/*.ts'], ['workers', 'bench', 'test'], ['engine', 'store'], 'cli/ parses, calls app/ and renders'),
  // The web page runs in a browser: only the pure bracket renderer (and types) from engine/, the rest over HTTP.
  layer(['web/**/*.ts'], ['core', 'workers', 'store', 'app', 'server', 'cli', 'bench', 'test'], [], 'web/ runs in the browser and talks to the API'),
  {
    files: ['core/**/*.ts', 'engine/**/*.ts', 'workers/**/*.ts', 'app/**/*.ts', 'server/**/*.ts', 'cli/**/*.ts'],
    rules: { 'no-restricted-syntax': SQL_OUTSIDE_STORE },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: into('workers', 'store', 'app', 'server', 'cli', 'bench', 'test'), message: 'engine/ is pure computation: it imports only core/' },
            {
              regex: '^node:(fs|fs/promises|child_process|worker_threads|net|http|https|dgram)$',
              message: 'engine/ is pure computation: no files, processes, threads or network',
            },
          ],
        },
      ],
    },
  },
);
