import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget } from './support.ts';

const dist = fileURLToPath(new URL('../dist/dashboard', import.meta.url));
const SIGN_IN_BUDGET_KB = 30;
const APP_BUDGET_KB = 150;

/** Every file an entry can load: its static imports and its lazy `import()`s, transitively. */
export function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(dist, file), 'utf8');
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    // `from"./x.js"`, `import"./x.js"` and the lazy ``import(`./x.js`)`` the minifier writes.
    for (const match of source.matchAll(/(?:from\s*|import\s*\(?\s*)["`](\.{1,2}\/[^"`]+\.js)["`]/g)) {
      visit(new URL(match[1]!, `file:///${dir}`).pathname.slice(1));
    }
  };
  visit(entry);
  return [...seen];
}

function measure(entry: string, budgetKb: number, what: string) {
  const files = reachable(entry);
  const raw = files.reduce((sum, file) => sum + readFileSync(join(dist, file)).length, 0);
  const kb = gzipSync(Buffer.concat(files.map((file) => readFileSync(join(dist, file)))), { level: 9 }).length / 1024;
  console.log(`${what}: ${files.length} files (${files.join(', ')})`);
  console.log(
    `  minified ${(raw / 1024).toFixed(1)} KB, gzipped ${kb.toFixed(1)} KB; budget ${budgetKb} KB; ratio ${(kb / budgetKb).toFixed(2)}x (target <= 1.00x) ${kb <= budgetKb ? 'MET' : 'NOT MET'}`,
  );
}

/** The dashboard's JavaScript, minified by the production build and gzipped, against issue 19's budgets. */
export function benchDashboardSize() {
  buildWidget();
  console.log('\n# Dashboard size: each entry with everything it can load (lazy pages included), gzipped');
  measure('sign-in.js', SIGN_IN_BUDGET_KB, 'sign-in flow (sign-in.js)');
  measure('app.js', APP_BUDGET_KB, 'whole app (app.js and every page)');
}
