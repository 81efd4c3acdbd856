import { createRequire } from 'node:module';
import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `embed.js`: the registering entry again as one classic script (IIFE), for pages that include
 * the checkout with a plain `<script src>`. Lib mode builds IIFE for a single entry only, so it is
 * a second build, run once the ES modules are written.
 */
function embedScript(): Plugin {
  return {
    name: 'pay-checkout-embed-script',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        plugins: [compactTemplates()],
        build: {
          outDir: 'dist/widget',
          emptyOutDir: false,
          target: 'es2022',
          lib: { entry: 'widget/register.ts', formats: ['iife'], name: 'PayCheckoutEmbed', fileName: () => 'embed.js' },
        },
      });
    },
  };
}

/**
 * The dashboard (dashboard/): an app build of its own into dist/dashboard, served at
 * /dashboard/assets/. Two entries: the sign-in flow, small, and the app shell, which imports each
 * page only when it is opened (the registry's `load`), so pages become chunks of their own.
 */
function dashboardApp(): Plugin {
  return {
    name: 'pay-checkout-dashboard',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        base: '/dashboard/assets/',
        plugins: [compactTemplates()],
        build: {
          outDir: 'dist/dashboard',
          emptyOutDir: true,
          target: 'es2022',
          modulePreload: { polyfill: false },
          rolldownOptions: {
            input: { 'sign-in': 'dashboard/sign-in/main.ts', app: 'dashboard/shell/main.ts' },
            output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
          },
        },
      });
    },
  };
}

/**
 * Minifies what the JS minifier leaves alone: the widget's stylesheets (`css` literals in
 * `*.styles.ts`, which interpolate nothing) lose comments and spaces, and every template literal
 * its indentation (HTML and GraphQL do not care; minified code has no other line breaks).
 */
function compactTemplates(): Plugin {
  const css = (text: string) =>
    text
      .replace(/\/\*[^]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
      .trim();
  return {
    name: 'pay-checkout-compact-templates',
    apply: 'build',
    transform(code, id) {
      if (!/\/widget\/.*\.styles\.ts$/.test(id)) return null;
      return { code: code.replace(/css`([^`$]*)`/g, (_, body: string) => `css\`${css(body)}\``), map: null };
    },
    renderChunk(code) {
      return { code: code.replace(/\n[ \t]+/g, '\n'), map: null };
    },
  };
}

// `vite build` bundles the widget; vitest runs the server and end-to-end suites.
export default defineConfig({
  plugins: [compactTemplates(), embedScript(), dashboardApp()],
  // Node resolves `graphql` to its CommonJS build for the libraries; make our own code agree,
  // or Pothos and the schema would hold two copies of graphql's classes.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    lib: { entry: { 'pay-checkout': 'widget/index.ts', register: 'widget/register.ts' }, formats: ['es'] },
    // Lib mode leaves whitespace in ES modules for a consumer's bundler; these are served to browsers as they are.
    rolldownOptions: { output: { minify: true } },
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
