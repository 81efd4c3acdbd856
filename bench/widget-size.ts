import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget } from './support.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUDGET_KB = 20;

/**
 * Everything a page loads to render and subscribe (`register.js` and the chunks it imports), minified
 * by the production build and gzipped, against the 20 KB budget.
 */
export function benchWidgetSize() {
  buildWidget();
  const dist = join(root, 'dist/widget');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(dist, file), 'utf8');
    for (const match of source.matchAll(/from\s*"\.\/([^"]+)"|import\s*"\.\/([^"]+)"/g)) visit(match[1] ?? match[2]!);
  };
  visit('register.js');
  const files = [...seen];
  const raw = files.reduce((sum, file) => sum + readFileSync(join(dist, file)).length, 0);
  const gzipped = gzipSync(Buffer.concat(files.map((file) => readFileSync(join(dist, file)))), { level: 9 }).length;
  const kb = gzipped / 1024;
  console.log('\n# Widget size: register.js and what it imports, minified and gzipped');
  console.log(`files: ${files.join(', ')} (of ${readdirSync(dist).length} built)`);
  console.log(
    `minified ${(raw / 1024).toFixed(1)} KB, gzipped ${kb.toFixed(1)} KB; budget ${BUDGET_KB} KB; ratio ${(kb / BUDGET_KB).toFixed(2)}x (target <= 1.00x) ${kb <= BUDGET_KB ? 'MET' : 'NOT MET'}`,
  );
  // The same element as one classic script, for `<script src=".../widget/embed.js">`.
  const embed = readFileSync(join(dist, 'embed.js'));
  const embedKb = gzipSync(embed, { level: 9 }).length / 1024;
  console.log(
    `embed.js: minified ${(embed.length / 1024).toFixed(1)} KB, gzipped ${embedKb.toFixed(1)} KB; ratio ${(embedKb / BUDGET_KB).toFixed(2)}x ${embedKb <= BUDGET_KB ? 'MET' : 'NOT MET'}`,
  );
}
