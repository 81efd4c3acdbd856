// What the widget tests share: mounting against the real server, waiting, and axe-core checks.
import { emulateMedia } from '@web/test-runner-commands';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { PayCheckout } from '../../widget/index.ts';

export interface Created {
  checkoutId: string;
  invoiceNumber: string;
  server: string;
}

export const part = (el: PayCheckout, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`) as HTMLElement | null;
export const button = (el: PayCheckout, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name) as HTMLButtonElement;
export const statusOf = (el: PayCheckout) => part(el, 'status')?.dataset.status;
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await pause(25);
  }
}

export async function mount(checkoutId: string, server: string, attributes = 'locale="en"'): Promise<PayCheckout> {
  const wrapper = await fixture(html`<div></div>`);
  wrapper.innerHTML = `<pay-checkout checkout="${checkoutId}" server="${server}" ${attributes}></pay-checkout>`;
  const el = wrapper.querySelector('pay-checkout') as PayCheckout;
  await oneEvent(el, 'pay-ready');
  await el.updateComplete;
  await pause(300); // the live subscription follows the first read
  return el;
}

/** axe-core's WCAG 2.2 AA violations inside `root` (shadow DOM included), as readable lines. */
export async function axeViolations(root: Element): Promise<string[]> {
  const w = window as unknown as {
    axe?: { run(context: Element, options: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> }> };
  };
  if (!w.axe) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: '/node_modules/axe-core/axe.min.js', onload: resolve, onerror: reject });
      document.head.append(script);
    });
  }
  const result = await w.axe!.run(root, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

/** Checks the element in the state it is in now, in light and in dark mode (its `auto` theme, which follows the system). */
export async function expectAccessible(el: PayCheckout, state: string): Promise<void> {
  const theme = el.theme;
  el.theme = 'auto';
  await el.updateComplete;
  for (const colorScheme of ['light', 'dark'] as const) {
    await emulateMedia({ colorScheme });
    expect(await axeViolations(el.parentElement!), `${state} (${colorScheme})`).to.deep.equal([]);
  }
  await emulateMedia({ colorScheme: 'light' });
  el.theme = theme;
  await el.updateComplete;
}
