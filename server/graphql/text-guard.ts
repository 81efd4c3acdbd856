import { defaultFieldResolver, getNamedType, GraphQLError, isEnumType, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPaths } from '../domain/text.ts';
import { userError } from '../domain/user-error.ts';

/**
 * Every root field refuses arguments holding text PostgreSQL cannot store (a NUL, an unpaired
 * surrogate) before its resolver runs, so no input reaches the database as a masked 500: a mutation
 * answers `INVALID_TEXT` userErrors in its payload (nothing written), a query or subscription a
 * top-level `INVALID_TEXT` error. One place, so a new field cannot forget it; a mutation whose
 * payload's `code` enum lacks INVALID_TEXT (see domain/user-error.ts) stops the schema from building.
 */
export function refuseUnstorableText(schema: GraphQLSchema): GraphQLSchema {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  for (const root of roots) {
    if (!root) continue;
    const isMutation = root === schema.getMutationType();
    for (const field of Object.values(root.getFields())) {
      if (!field.args.length) continue;
      if (isMutation) assertCanRefuseText(field);
      const resolve = field.resolve ?? defaultFieldResolver;
      const subscribe = field.subscribe;
      const refusal = (args: Record<string, unknown>) => {
        const paths = unstorableTextPaths(args);
        if (!paths.length) return null;
        if (isMutation) return { userErrors: paths.map((path) => userError('INVALID_TEXT', UNSTORABLE_TEXT_MESSAGE, path.map(String))) };
        throw new GraphQLError(UNSTORABLE_TEXT_MESSAGE, { extensions: { code: 'INVALID_TEXT', argument: paths[0]!.map(String) } });
      };
      field.resolve = (source, args, context, info) => refusal(args) ?? resolve(source, args, context, info);
      if (subscribe) field.subscribe = (source, args, context, info) => refusal(args) ?? subscribe(source, args, context, info);
    }
  }
  return schema;
}

/** The payload's `userErrors { code }` enum must hold INVALID_TEXT, or the guard's answer would not serialize. */
function assertCanRefuseText(field: GraphQLField<unknown, unknown>): void {
  const payload = getNamedType(field.type);
  const userError = isObjectType(payload) ? getNamedType(payload.getFields().userErrors?.type) : undefined;
  const code = isObjectType(userError) ? getNamedType(userError.getFields().code?.type) : undefined;
  if (!isEnumType(code) || !code.getValue('INVALID_TEXT')) {
    throw new Error(`mutation ${field.name}: its payload needs userErrors whose code enum holds INVALID_TEXT`);
  }
}
