// Raw SQL is outside the MikroORM tenant filter (tenant-scope.ts), so its tenant condition has one
// source too: `tenantCondition(tenant, alias)`. This scans every server file for SQL text that
// reads or changes a tenant table (names from the entity metadata) and fails unless the statement
// splices in the helper's condition, or its file acts across businesses by design (allow-list).
import { globSync, readFileSync } from 'node:fs';
import { MikroORM } from '@mikro-orm/postgresql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ormConfig } from '../../server/db/orm.ts';
import { tenantEntities } from '../../server/modules/tenancy/tenant-scope.ts';
import { repoRoot } from '../support/process.ts';

/** Platform-level statements: they act across businesses on purpose, each for the reason given. */
const ALLOWED: Array<{ file: RegExp; why: string }> = [
  {
    file: /^server\/modules\/kinds\/[^/]+\/[^/]+\.kind\.ts$/,
    why: "a kind's lock for reconciliation, by the checkout id a partner sent (any business)",
  },
  { file: /^server\/modules\/checkouts\/kind-helpers\.ts$/, why: "the expiry sweep claims every business's overdue rows in one statement" },
  {
    file: /^server\/modules\/settlements\/settlement-run\.ts$/,
    why: "a settlement run creates every business's due batches in a few set-based statements; each row carries its own business",
  },
  {
    file: /^server\/modules\/webhooks\/delivery\.service\.ts$/,
    why: "delivery claims and settles many businesses' attempts per statement; each row carries its own business",
  },
];

const SQL = /\b(select\s+[\s\S]*?\bfrom\b|insert\s+into\b|update\s+\S+\s+set\b|delete\s+from\b)/i;
/** Tables a statement reads or changes (an insert's own target takes its tenant as values). */
const TOUCHED = /\b(?:from|join|update|delete\s+from)\s+("?)(\$\{|\w+)\1/gi;

interface Finding {
  file: string;
  line: number;
  tables: string[];
}

/** SQL text in `source` that touches a tenant table (or a table named at runtime) without the helper. */
function unscopedStatements(file: string, source: string, tenantTables: ReadonlySet<string>): Finding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  // Names bound to `tenantCondition(…)`: `${tenant.sql}` counts as the helper's condition.
  const helperNames = new Set<string>();
  const findings: Finding[] = [];
  const usesHelper = (expression: ts.Expression): boolean => {
    let root: ts.Node = expression;
    while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = ts.isCallExpression(root) ? root.expression : root.expression;
    return ts.isIdentifier(root) && (root.text === 'tenantCondition' || helperNames.has(root.text));
  };
  const check = (node: ts.Node, text: string, helped: boolean) => {
    if (!SQL.test(text)) return;
    const tables = [...text.matchAll(TOUCHED)]
      .map((match) => match[2]!)
      .filter((table) => table === '${' || tenantTables.has(table))
      .map((table) => (table === '${' ? '<table named at runtime>' : table));
    if (tables.length && !helped)
      findings.push({ file, line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1, tables: [...new Set(tables)] });
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isCallExpression(node.initializer)) {
      const callee = node.initializer.expression;
      if (ts.isIdentifier(callee) && callee.text === 'tenantCondition') helperNames.add(node.name.text);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) check(node, node.text, false);
    else if (ts.isTemplateExpression(node)) {
      const text = node.head.text + node.templateSpans.map((span) => '${}' + span.literal.text).join('');
      check(
        node,
        text,
        node.templateSpans.some((span) => usesHelper(span.expression)),
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function tenantTableNames(): Set<string> {
  // Discovery only: the constructor reads the entities and connects to nothing.
  const orm = new MikroORM(ormConfig('postgresql://nobody@127.0.0.1:1/none'));
  return new Set(tenantEntities(orm.em).map((entity) => orm.getMetadata().get(entity).tableName));
}

describe('raw SQL on tenant tables', () => {
  const tenantTables = tenantTableNames();
  const files = globSync('server/**/*.ts', { cwd: repoRoot }).filter((file) => !file.startsWith('server/db/migrations/'));

  it('reads its tenant tables from the entity metadata', () => {
    expect([...tenantTables]).toEqual(
      expect.arrayContaining(['invoice', 'ledger_account', 'journal_entry', 'outbox_event', 'webhook_delivery', 'app', 'bill']),
    );
  });

  it('takes its business and mode from tenantCondition, outside the platform-level files', () => {
    const findings = files.flatMap((file) => unscopedStatements(file, readFileSync(`${repoRoot}/${file}`, 'utf8'), tenantTables));
    const unexplained = findings.filter((finding) => !ALLOWED.some((allowed) => allowed.file.test(finding.file)));
    expect(
      unexplained.map((f) => `${f.file}:${f.line} touches ${f.tables.join(', ')}`),
      'raw SQL on a tenant table without tenantCondition(tenant, alias)',
    ).toEqual([]);
    // An allow-list entry that no longer matches anything is removed, not kept "just in case".
    for (const allowed of ALLOWED)
      expect(
        findings.some((finding) => allowed.file.test(finding.file)),
        `${allowed.file} (${allowed.why})`,
      ).toBe(true);
  });

  it('catches a new raw query without the helper, and passes it with the helper', () => {
    const probe = (code: string) => unscopedStatements('server/modules/probe.ts', code, tenantTables);
    expect(probe('export const q = (em: any) => em.execute(`select id from invoice where status = ?`, ["PAID"]);')).toHaveLength(1);
    expect(probe("export const q = (em: any) => em.execute('delete from app where id = ?', ['x']);")).toHaveLength(1);
    expect(probe('export const q = (em: any, t: string) => em.execute(`update ${t} set status = ?`, ["X"]);')).toHaveLength(1);
    expect(
      probe(
        `import { tenantCondition } from '../tenancy/tenant-sql.ts';
         export async function q(em: any, caller: any) {
           const tenant = tenantCondition(caller, 'i');
           return em.execute(\`select i.id from invoice i where \${tenant.sql} and i.status = ?\`, [...tenant.params, 'PAID']);
         }`,
      ),
    ).toEqual([]);
    // Not SQL, or no tenant table: nothing to say.
    expect(probe(`export const a = 'Select a bank from the list'; export const b = \`select 1\`;`)).toEqual([]);
    expect(probe('export const q = `insert into rate_limit (key) values (?)`;')).toEqual([]);
  });
});
