// The types of the widget's GraphQL documents, inferred by gql.tada from the generated introspection
// of schema/schema.graphql. Types only: this file and everything it imports vanish from the bundle.
import type { initGraphQLTada, ResultOf, VariablesOf } from 'gql.tada';
import type { introspection } from './generated/introspection.ts';

type Graphql = ReturnType<typeof initGraphQLTada<{ introspection: introspection; scalars: { DateTime: string; MinorUnits: number } }>>;
declare module 'gql.tada' {
  // gql.tada's first overload reads pre-computed documents from this cache (its \`turbo\` output);
  // open to every string, it no longer rejects ours when \`graphql\` is instantiated below.
  interface setupCache {
    [source: string]: unknown;
  }
}

/** Declared, never defined: only its type is used, so there is no `graphql()` call (nor parser) at runtime. */
declare const _graphql: Graphql;
/** The document type `graphql(source)` would return. */
type DocumentOf<Source extends string> = ReturnType<typeof _graphql<Source, []>>;

export type Result<Source extends string> = ResultOf<DocumentOf<Source>>;
export type Variables<Source extends string> = VariablesOf<DocumentOf<Source>>;
