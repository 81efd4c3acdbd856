// What the dashboard page tests share: a business of their own on the real server, a page mounted
// with a test key (keyClient, through the test server's /graphql), and reading the list it shows.
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import { expect, fixture, html } from '@open-wc/testing';
import { keyClient, type GraphQLClient } from '../../dashboard/api/client.ts';
import type { DataList } from '../../dashboard/ui/data-list.ts';
import type { FormDialog } from '../../dashboard/ui/form-dialog.ts';
import type { ListPage } from '../../dashboard/ui/list-page.ts';
import { axeViolations, until } from '../widget/support.ts';

export { until };

export interface Business {
  secretKey: string;
  businessId: string;
  server: string;
}

export const newBusiness = (options: { name?: string; invoices?: string[]; entities?: string[] } = {}) =>
  executeServerCommand<Business, object>('dashboard-business', options);

export const clientFor = (secretKey: string): GraphQLClient => keyClient({ endpoint: '/graphql', secretKey });

/** `scopes`: the signed-in role's, as the shell passes them (none: a test key, nothing hidden). */
export async function mountPage<T extends ListPage<unknown>>(
  tag: string,
  client: GraphQLClient,
  { wait = true, scopes = null }: { wait?: boolean; scopes?: readonly string[] | null } = {},
): Promise<T> {
  const main = await fixture<HTMLElement>(html`<main></main>`);
  const el = document.createElement(tag) as T;
  el.client = client;
  el.scopes = scopes;
  main.append(el);
  await el.updateComplete;
  if (wait) await settled(el);
  return el;
}

/** Waits for the list to finish loading (ready or error). */
export async function settled(el: ListPage<unknown>): Promise<void> {
  await until(() => el.listState !== 'loading', `${el.localName} to load`);
  await el.updateComplete;
  await list(el).updateComplete;
}

export const list = (el: Element, index = 0) => el.shadowRoot!.querySelectorAll('pc-data-list')[index] as DataList;
/** Text as seen, with the labels custom elements render in their shadow roots (status badges, buttons). */
function seenText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node instanceof ShadowRoot) return [...node.childNodes].map(seenText).join('');
  if (!(node instanceof Element)) return '';
  const own = node.shadowRoot ? seenText(node.shadowRoot) : '';
  return ` ${own}${[...node.childNodes].map(seenText).join('')} `;
}
export const rows = (el: Element, index = 0) =>
  [...list(el, index).shadowRoot!.querySelectorAll('tbody tr:not([data-skeleton])')].map((tr) => seenText(tr).replace(/\s+/g, ' ').trim());
export const inList = (el: Element, selector: string, index = 0) => list(el, index).shadowRoot!.querySelector(selector) as HTMLElement | null;
export const buttonIn = (root: ParentNode, name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent!.replace(/\s+/g, ' ').trim() === name || b.getAttribute('aria-label') === name) as
    HTMLButtonElement | undefined;
export const dialogOf = (el: Element) => el.shadowRoot!.querySelector('pc-form-dialog') as FormDialog;

/** Types into a field of the page's open form dialog. */
export function fill(el: Element, name: string, value: string): void {
  const control = dialogOf(el).querySelector(`[name="${name}"]`) as HTMLInputElement;
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
}

export async function submitDialog(el: Element): Promise<void> {
  const dialog = dialogOf(el);
  buttonIn(dialog.shadowRoot!, dialog.submitLabel)!.click();
  await until(() => !dialog.busy, 'the dialog to finish');
  await dialog.updateComplete;
}

/** axe-clean at 1280 px and 390 px, in light and dark. */
export async function expectAccessible(el: Element, state: string): Promise<void> {
  for (const width of [1280, 390]) {
    await setViewport({ width, height: 900 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme });
      expect(await axeViolations(el.parentElement!), `${state} (${width} px, ${colorScheme})`).to.deep.equal([]);
    }
  }
  await emulateMedia({ colorScheme: 'light' });
  await setViewport({ width: 1280, height: 900 });
}
