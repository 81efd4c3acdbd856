import type { PubSub } from 'graphql-yoga';

/** Live updates shared by every server process (PostgreSQL NOTIFY underneath). */
export type AppPubSub = PubSub<{ checkoutUpdated: [checkoutId: string, update: { checkoutId: string }] }>;

/** Tells a checkout's subscribers (the widget, hosted pages) to read it again. */
export function announceCheckoutUpdate(pubsub: AppPubSub, checkoutId: string): void {
  pubsub.publish('checkoutUpdated', checkoutId, { checkoutId });
}
