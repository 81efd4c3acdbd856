// Builds dist/esm (tsc: JavaScript and declarations) and dist/cjs (esbuild: one CommonJS file per
// entry, with the same declarations). Plain JavaScript, so any Node that runs npm can pack it.
// Tools print to stderr: `npm pack --json` keeps stdout for its answer.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', process.stderr, 'inherit'] });
rmSync('dist', { recursive: true, force: true });
run('tsc', ['-p', 'tsconfig.build.json']);
// tsc keeps the sources' `.ts` specifiers in declarations; consumers resolve the `.js` beside them.
for (const file of readdirSync('dist/esm').filter((name) => name.endsWith('.d.ts')))
  writeFileSync(`dist/esm/${file}`, readFileSync(`dist/esm/${file}`, 'utf8').replace(/(from '\.\/[\w-]+)\.ts'/g, "$1.js'"));
mkdirSync('dist/cjs', { recursive: true });
for (const entry of ['index', 'web'])
  run('esbuild', [
    `src/${entry}.ts`,
    '--bundle',
    '--format=cjs',
    '--platform=node',
    '--target=node18',
    `--outfile=dist/cjs/${entry}.js`,
    '--log-level=warning',
  ]);
cpSync('dist/esm', 'dist/cjs', { recursive: true, filter: (path) => !path.endsWith('.js') });
// The declarations in dist/cjs describe CommonJS modules, as the nearest package.json says.
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
