import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// `vite build` bundles the widget; vitest runs the server and end-to-end suites.
export default defineConfig({
  // Node resolves `graphql` to its CommonJS build for the libraries; make our own code agree,
  // or Pothos and the schema would hold two copies of graphql's classes.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    lib: { entry: { 'pay-checkout': 'widget/index.ts', register: 'widget/register.ts' }, formats: ['es'] },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
