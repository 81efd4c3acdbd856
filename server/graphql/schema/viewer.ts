import type { Principal } from '../../modules/request-context.ts';
import { builder } from '../builder.ts';
import { BusinessRef } from './business.ts';
import { ModeEnum } from './common.ts';

const ViewerRef = builder.objectRef<Principal>('Viewer').implement({
  description: 'The caller: a business key (its business, mode and scopes) or the platform operator.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    business: t.field({
      type: BusinessRef,
      nullable: true,
      resolve: (principal) => (principal.kind === 'API_KEY' ? principal.business : null),
    }),
    mode: t.field({ type: ModeEnum, nullable: true, resolve: (principal) => (principal.kind === 'API_KEY' ? principal.mode : null) }),
    scopes: t.stringList({ resolve: (principal) => (principal.kind === 'API_KEY' ? [...principal.scopes] : []) }),
    isPlatformAdmin: t.boolean({ resolve: (principal) => principal.kind === 'PLATFORM_ADMIN' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.principal!,
  }),
);
