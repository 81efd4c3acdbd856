// Packs the widget as it is built for the server (`vite build`: ES modules and the classic embed.js),
// with declarations (tsc) and the custom-elements manifest (@custom-elements-manifest/analyzer).
// Plain JavaScript, so any Node that runs npm can pack it.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const run = (command, args, cwd = '.') => execFileSync(command, args, { stdio: ['ignore', process.stderr, 'inherit'], cwd });
rmSync('dist', { recursive: true, force: true });
rmSync('custom-elements.json', { force: true });

run('vite', ['build', '--logLevel', 'warn'], root);
cpSync(join(root, 'dist/widget'), 'dist', { recursive: true });

run('tsc', ['-p', 'tsconfig.build.json']);
// tsc keeps the sources' `.ts` specifiers in declarations; consumers resolve the `.d.ts` beside a `.js`.
const declarations = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.d.ts'))
    .map((name) => join(dir, name));
for (const file of declarations('dist/types'))
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/(from '\.{1,2}\/[^']*)\.ts'/g, "$1.js'")
      .replace(/(import\('\.{1,2}\/[^']*)\.ts'\)/g, "$1.js')"),
  );

run('cem', ['analyze', '--config', 'packages/element/custom-elements-manifest.config.mjs', '--outdir', 'packages/element'], root);
