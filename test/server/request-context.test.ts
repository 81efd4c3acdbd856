// The request context is identity and per-request state only, at the bottom of modules/: nothing it
// imports may lead back to it, type imports counted (lint's no-cycle follows value imports only).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/process.ts';

/** Our own `.ts` files `file` imports or re-exports, `import type` included. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers.filter((s) => s.startsWith('.') && s.endsWith('.ts')).map((s) => resolve(dirname(file), s));
}

/** An import path from `from` back to `to`, or null. */
function pathBack(from: string, to: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | null => {
    for (const next of importsOf(file)) {
      if (next === to) return [...trail, next];
      if (seen.has(next) || !existsSync(next)) continue;
      seen.add(next);
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(from, [from]);
}

describe('the request context', () => {
  it('imports nothing that imports it back, type imports counted', () => {
    const file = resolve(repoRoot, 'server/modules/request-context.ts');
    const cycle = pathBack(file, file);
    expect(cycle?.map((f) => relative(repoRoot, f)) ?? null).toBeNull();
  });

  it('holds identity and per-request state, not the app: no webhook, pubsub, sandbox or queue types', () => {
    const imported = importsOf(resolve(repoRoot, 'server/modules/request-context.ts')).map((f) => relative(repoRoot, f));
    expect(imported.filter((f) => /webhooks\/|providers\/|bills\/|key-revocations|checkout-updates|app-services/.test(f))).toEqual([]);
  });
});
