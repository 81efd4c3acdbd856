// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information:
// TypeScript 7 has no JS API, and the parser runs on the TypeScript 6 API aliased as `typescript`)
// plus the layer rules of the architecture ("Layers": dependencies point down only), so `npm test` keeps the arrows pointing down.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Every kind folder, read at lint time, so a new kind is fenced off without editing this file.
const kinds = readdirSync(new URL('./server/modules/kinds/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// A kind's folder is its own (architecture, "Checkout kinds"): from outside it, only the registry
// imports its kind, the entity lists its entities, and its own graphql/ and http/ files (named after
// it: schema/bills.ts, http/bill-routes.ts) anything of it. Everyone else asks the registry.
const KIND_MESSAGE = 'A kind\'s folder is its own: ask modules/checkouts/registry.ts, or move the code into the kind (architecture, "Checkout kinds").';
const kindImports = (...allowed) => ['error', { patterns: [{ group: ['**/kinds/**/*.ts', ...allowed.map((glob) => `!${glob}`)], message: KIND_MESSAGE }] }];

// SQL text in a string or template: graphql/ and http/ are thin and call a service or store instead.
// `select` needs a column list and `from` (or is `select 1`), so UI copy like "Select a bank" passes.
const SQL = String.raw`/\b(select\s+(\*|distinct\b|\d+\s*$|[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.()*]+(\s+as\s+\w+)?)*\s+from\b)|insert\s+into\b|update\s+\w+\s+set\b|delete\s+from\b)/i`;
const SQL_MESSAGE = 'graphql/ and http/ hold no SQL: call a service or store method (architecture, "Layers").';

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', '.data/', '.test-data/', 'schema/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Specifiers carry their `.ts` extension (Node's type stripping), so Node's own resolution finds them.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs'] })],
      // Without these, import-x skips `.ts` dependencies when it follows imports, and no-cycle sees nothing.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // Type-only imports vanish at runtime and are not followed: only value cycles fail.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './server/domain',
              from: './server',
              except: ['./domain'],
              message: 'domain/ is pure and imports nothing of ours outside domain/ (architecture, "Layers").',
            },
            {
              target: './server/domain',
              from: ['./widget', './test', './bench', './demo'],
              message: 'domain/ is pure and imports nothing of ours outside domain/ (architecture, "Layers").',
            },
            ...kinds.map((kind) => ({
              target: `./server/modules/kinds/${kind}`,
              from: './server/modules/kinds',
              except: [`./${kind}`],
              message: 'A kind never imports another kind: share through modules/checkouts or domain/ (architecture, "Seams").',
            })),
          ],
        },
      ],
      // `try { … } catch {}` is this code's idiom for "absent is fine" (e.g. a file not written yet).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `_`-prefixed names are the code's way of saying "deliberately unused".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['server/graphql/**', 'server/http/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL}]`, message: SQL_MESSAGE },
        { selector: `TemplateElement[value.raw=${SQL}]`, message: SQL_MESSAGE },
        { selector: 'Identifier[name=/^(getKysely|getConnection|createQueryBuilder)$/]', message: SQL_MESSAGE },
      ],
    },
  },
  { files: ['server/**/*.ts'], ignores: ['server/modules/kinds/**'], rules: { 'no-restricted-imports': kindImports() } },
  { files: ['server/modules/checkouts/registry.ts'], rules: { 'no-restricted-imports': kindImports('**/kinds/*/*.kind.ts') } },
  {
    // The ORM's entity list.
    files: ['server/db/entities.ts'],
    rules: { 'no-restricted-imports': kindImports('**/kinds/*/*.entity.ts', '**/kinds/*/*.entities.ts') },
  },
  ...kinds.map((kind) => ({
    files: [`server/graphql/schema/${kind}*.ts`, `server/http/${kind}*.ts`],
    rules: { 'no-restricted-imports': kindImports(`**/kinds/${kind}/**/*.ts`) },
  })),
  {
    // The port bills open virtual accounts through: the sandbox bank implements it, app.ts wires the live one.
    files: ['server/app.ts', 'server/modules/app-services.ts', 'server/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': kindImports(
        '**/kinds/bill/virtual-accounts.ts',
        // Financing's ports: the sandbox lender implements LenderPort; app.ts wires it and the document store.
        '**/kinds/payment-request/lender-port.ts',
        '**/kinds/payment-request/document-store.ts',
      ),
    },
  },
  {
    // The widget runs in browsers only: a Node global there is a bug, not a convenience.
    ignores: ['widget/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['widget/**', 'server/http/docs-assets/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['test/widget/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      // Tests and benchmarks poke at payloads and internals; typing every probe would be churn.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
