// Every state of <pay-checkout> against the real server in Chromium: each one passes axe-core's
// WCAG 2.2 AA rules, state changes do not move the host page, the failed state can be retried, and
// the host page's theme (--pay-* properties, ::part rules, dark mode) takes effect.
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/register.ts';
import type { PayCheckout, PayErrorEvent, PaySuccessEvent } from '../../widget/index.ts';
import { button, expectAccessible, mount, part, pause, statusOf, until, type Created } from './support.ts';

describe('<pay-checkout> in every state, with axe-core (WCAG 2.2 AA)', () => {
  it('loading, payable (test and live mode), partial entry error, failed, paid', async () => {
    const waiting = await fixture(html`<div></div>`);
    // No checkout named yet: the element waits in its loading state.
    waiting.innerHTML = `<pay-checkout server="http://127.0.0.1:9" locale="en"></pay-checkout>`;
    const loading = waiting.querySelector('pay-checkout') as PayCheckout;
    await loading.updateComplete;
    expect(statusOf(loading)).to.equal('LOADING');
    await expectAccessible(loading, 'loading');

    const live = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 5_000, live: true });
    const liveEl = await mount(live.checkoutId, live.server);
    expect(liveEl.shadowRoot!.querySelectorAll('[part="sandbox"]').length).to.equal(0);
    await expectAccessible(liveEl, 'payable, live mode');

    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 10_000, allowPartialPayment: true });
    const el = await mount(created.checkoutId, created.server);
    expect(statusOf(el)).to.equal('ACTIVE');
    await expectAccessible(el, 'payable');

    const input = part(el, 'amount-input') as HTMLInputElement;
    input.value = '150';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(part(el, 'amount-error')!.textContent).to.equal('That is more than is due (₦100.00).');
    await expectAccessible(el, 'partial entry error');
    input.value = '';
    input.dispatchEvent(new Event('input'));

    const failed = oneEvent(el, 'pay-error') as Promise<PayErrorEvent>;
    button(el, 'Pay (test): declined card').click();
    await failed;
    expect(statusOf(el)).to.equal('FAILED');
    await expectAccessible(el, 'failed');

    const paid = oneEvent(el, 'pay-success');
    await executeServerCommand('partner-pays', { checkoutId: created.checkoutId, amountMinor: 10_000 });
    await paid;
    expect(statusOf(el)).to.equal('PAID');
    await expectAccessible(el, 'paid');
  });

  it('expired, canceled, not found, could not load', async () => {
    const toExpire = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 2_000 });
    const expiring = await mount(toExpire.checkoutId, toExpire.server);
    const expired = oneEvent(expiring, 'pay-expired');
    await executeServerCommand('expire-checkout', { checkoutId: toExpire.checkoutId });
    await expired;
    await expiring.updateComplete;
    expect(statusOf(expiring)).to.equal('EXPIRED');
    expect(part(expiring, 'status')!.textContent).to.equal('This checkout has expired.');
    expect(expiring.shadowRoot!.querySelectorAll('button').length).to.equal(0);
    await expectAccessible(expiring, 'expired');

    const toCancel = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 2_000 });
    const canceling = await mount(toCancel.checkoutId, toCancel.server);
    const changed = oneEvent(canceling, 'pay-status');
    await executeServerCommand('cancel-checkout', { checkoutId: toCancel.checkoutId });
    await changed;
    expect(statusOf(canceling)).to.equal('CANCELED');
    await expectAccessible(canceling, 'canceled');

    const wrapper = await fixture(html`<div></div>`);
    wrapper.innerHTML = `<pay-checkout checkout="pl_nothing" server="${toCancel.server}" locale="en"></pay-checkout>`;
    const missing = wrapper.querySelector('pay-checkout') as PayCheckout;
    expect((await (oneEvent(missing, 'pay-error') as Promise<PayErrorEvent>)).code).to.equal('NOT_FOUND');
    await expectAccessible(missing, 'not found');

    const flaky = await executeServerCommand<string, object>('flaky-server-url', {});
    await executeServerCommand('set-network', { up: false });
    try {
      const offline = await fixture(html`<div></div>`);
      offline.innerHTML = `<pay-checkout checkout="${toCancel.checkoutId}" server="${flaky}" locale="en"></pay-checkout>`;
      const unreachable = offline.querySelector('pay-checkout') as PayCheckout;
      expect((await (oneEvent(unreachable, 'pay-error') as Promise<PayErrorEvent>)).code).to.equal('LOAD_FAILED');
      await unreachable.updateComplete;
      expect(part(unreachable, 'status')!.textContent).to.equal('The checkout could not be loaded. Please try again.');
      await expectAccessible(unreachable, 'could not load');
    } finally {
      await executeServerCommand('set-network', { up: true });
    }
  });

  it('reconnecting when the network drops, and live again when it returns', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 3_000 });
    const flaky = await executeServerCommand<string, object>('flaky-server-url', {});
    const el = await mount(created.checkoutId, flaky);
    expect(part(el, 'connection')).to.equal(null);
    await executeServerCommand('set-network', { up: false });
    try {
      await until(() => part(el, 'connection') !== null, 'the reconnecting notice');
      expect(part(el, 'connection')!.textContent).to.equal('Reconnecting…');
      expect(part(el, 'messages')!.getAttribute('aria-live')).to.equal('polite');
      await expectAccessible(el, 'reconnecting');
    } finally {
      await executeServerCommand('set-network', { up: true });
    }
    await until(() => part(el, 'connection') === null, 'the connection to come back', 14_000);
    // Live again: a payment made while it was away or now reaches it.
    const paid = oneEvent(el, 'pay-success');
    await executeServerCommand('partner-pays', { checkoutId: created.checkoutId, amountMinor: 3_000 });
    await paid;
  }).timeout(30_000);

  it('tap-to-pay: hold the card near the device, with a countdown to its expiry', async () => {
    const created = await executeServerCommand<Created, object>('create-tap-to-pay', { amountMinor: 4_500 });
    const el = await mount(created.checkoutId, created.server);
    expect(part(el, 'tap')!.textContent).to.equal('Hold the card near the device.');
    const first = part(el, 'countdown')!.textContent!;
    expect(first).to.match(/^Time left: [45]:\d\d$/);
    await until(() => part(el, 'countdown')!.textContent !== first, 'the countdown to tick', 3_000);
    await expectAccessible(el, 'tap-to-pay countdown');
  });
});

describe('<pay-checkout> failed state', () => {
  it('says the payment failed, announces why, sends pay-error, and the same buttons retry', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 8_000 });
    const el = await mount(created.checkoutId, created.server);
    const messages = part(el, 'messages')!;
    expect(messages.getAttribute('role')).to.equal('status');

    const error = oneEvent(document, 'pay-error') as Promise<PayErrorEvent>;
    button(el, 'Pay (test): declined card').click();
    const event = await error;
    expect(event.bubbles && event.composed).to.equal(true);
    expect({ code: event.code, message: event.message }).to.deep.equal({ code: 'PAYMENT_FAILED', message: 'The test card was declined. No money moved.' });
    await el.updateComplete;
    expect(statusOf(el)).to.equal('FAILED');
    expect(part(el, 'status')!.textContent).to.equal('Payment failed. You can try again.');
    expect(part(el, 'status')!.getAttribute('aria-live')).to.equal('polite');
    // The same live region that was there before the failure now holds the reason.
    expect(part(el, 'messages')).to.equal(messages);
    expect(part(el, 'failure')!.textContent).to.equal('The test card was declined. No money moved.');
    expect(part(el, 'amount')!.textContent).to.equal('₦80.00');

    const success = oneEvent(el, 'pay-success') as Promise<PaySuccessEvent>;
    button(el, 'Pay (test): card').click();
    await el.updateComplete;
    expect(part(el, 'failure')).to.equal(null); // a new attempt clears the old failure
    expect((await success).checkout.status).to.equal('PAID');
    await el.updateComplete;
    expect(statusOf(el)).to.equal('PAID');
  });

  it('speaks the failure in the checkout language', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 8_000 });
    const el = await mount(created.checkoutId, created.server, 'locale="pt-BR"');
    const error = oneEvent(el, 'pay-error');
    button(el, 'Pagar (teste): cartão recusado').click();
    await error;
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.equal('O pagamento falhou. Você pode tentar novamente.');
    expect(part(el, 'failure')!.textContent).to.equal('O cartão de teste foi recusado. Nenhum valor foi movimentado.');
  });
});

describe('<pay-checkout> keeps its place on the page', () => {
  /** The host's height, and the layout shifts the browser records while `during` runs. */
  async function watchLayout(el: PayCheckout) {
    const shifts: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value);
    });
    observer.observe({ type: 'layout-shift' });
    return {
      height: () => el.getBoundingClientRect().height,
      async shifts() {
        await pause(100); // entries are delivered after the frame that shifted
        observer.disconnect();
        return shifts;
      },
    };
  }

  it('does not move what follows it when the state changes: entry error, failed, reconnecting, paid', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 10_000, allowPartialPayment: true });
    const flaky = await executeServerCommand<string, object>('flaky-server-url', {});
    const page = await fixture(
      html`<div>
        <div class="slot"></div>
        <p class="below">Order summary follows the checkout.</p>
      </div>`,
    );
    page.querySelector('.slot')!.innerHTML = `<pay-checkout checkout="${created.checkoutId}" server="${flaky}" locale="en"></pay-checkout>`;
    const el = page.querySelector('pay-checkout') as PayCheckout;
    await oneEvent(el, 'pay-ready');
    await el.updateComplete;
    await pause(300);
    const below = page.querySelector('.below')!;
    const layout = await watchLayout(el);
    const reserved = layout.height();
    const belowTop = below.getBoundingClientRect().top;
    const heights: Record<string, number> = {};

    const input = part(el, 'amount-input') as HTMLInputElement;
    input.value = '150';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(part(el, 'amount-error')).not.to.equal(null);
    heights['entry error'] = layout.height();
    input.value = '';
    input.dispatchEvent(new Event('input'));

    const failed = oneEvent(el, 'pay-error');
    button(el, 'Pay (test): declined card').click();
    await failed;
    await el.updateComplete;
    heights.failed = layout.height();

    await executeServerCommand('set-network', { up: false });
    try {
      await until(() => part(el, 'connection') !== null, 'the reconnecting notice');
      heights['failed and reconnecting'] = layout.height();
    } finally {
      await executeServerCommand('set-network', { up: true });
    }
    await until(() => part(el, 'connection') === null, 'the connection to come back', 14_000);

    const paid = oneEvent(el, 'pay-success');
    await executeServerCommand('partner-pays', { checkoutId: created.checkoutId, amountMinor: 10_000 });
    await paid;
    await el.updateComplete;
    heights.paid = layout.height();

    expect(heights).to.deep.equal({ 'entry error': reserved, failed: reserved, 'failed and reconnecting': reserved, paid: reserved });
    expect(below.getBoundingClientRect().top).to.equal(belowTop);
    expect(await layout.shifts()).to.deep.equal([]);
  }).timeout(30_000);

  it('reserves the room a live payable checkout needs while it loads', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 53_750_000, live: true });
    const page = await fixture(
      html`<div>
        <div class="slot"></div>
        <p class="below">Order summary</p>
      </div>`,
    );
    page.querySelector('.slot')!.innerHTML = `<pay-checkout checkout="${created.checkoutId}" server="${created.server}" locale="en"></pay-checkout>`;
    const el = page.querySelector('pay-checkout') as PayCheckout;
    await el.updateComplete;
    expect(statusOf(el)).to.equal('LOADING');
    const whileLoading = el.getBoundingClientRect().height;
    const layout = await watchLayout(el);
    await oneEvent(el, 'pay-ready');
    await el.updateComplete;
    const qr = part(el, 'qr') as HTMLImageElement;
    await new Promise((resolve) => (qr.complete ? resolve(null) : qr.addEventListener('load', resolve)));
    expect(layout.height()).to.equal(whileLoading);
    expect(await layout.shifts()).to.deep.equal([]);
  });
});

describe('<pay-checkout> theming hooks', () => {
  it('takes --pay-* custom properties and ::part rules from the host page', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 2_000 });
    const theme = document.createElement('style');
    theme.textContent = `
      pay-checkout.branded {
        --pay-background: rgb(10, 20, 30); --pay-color: rgb(250, 250, 240); --pay-border-color: rgb(200, 100, 0);
        --pay-radius: 3px; --pay-padding: 7px; --pay-max-width: 300px; --pay-font-family: Georgia, serif;
        --pay-danger-color: rgb(255, 120, 120); --pay-focus-color: rgb(0, 200, 120);
      }
      pay-checkout.branded::part(amount) { font-size: 40px; letter-spacing: 2px; }
      pay-checkout.branded::part(button) { border-radius: 0px; }
      pay-checkout.branded::part(merchant) { text-transform: uppercase; }
    `;
    document.head.append(theme);
    try {
      const el = await mount(created.checkoutId, created.server, 'locale="en" class="branded"');
      const host = getComputedStyle(el);
      expect([host.backgroundColor, host.color, host.borderTopColor, host.borderTopLeftRadius, host.paddingTop, host.maxWidth]).to.deep.equal([
        'rgb(10, 20, 30)',
        'rgb(250, 250, 240)',
        'rgb(200, 100, 0)',
        '3px',
        '7px',
        '300px',
      ]);
      expect(host.fontFamily).to.equal('Georgia, serif');
      const amount = getComputedStyle(part(el, 'amount')!);
      expect([amount.fontSize, amount.letterSpacing]).to.deep.equal(['40px', '2px']);
      expect(getComputedStyle(part(el, 'merchant')!).textTransform).to.equal('uppercase');
      expect(getComputedStyle(button(el, 'Pay (test): card')).borderTopLeftRadius).to.equal('0px');

      // The focus ring, drawn for keyboard focus, in the host page's colour.
      button(el, 'Pay (test): card').blur();
      for (let presses = 0; presses < 10 && el.shadowRoot!.activeElement?.textContent !== 'Pay (test): card'; presses++) await sendKeys({ press: 'Tab' });
      const focused = el.shadowRoot!.activeElement as HTMLElement;
      expect(focused.textContent).to.equal('Pay (test): card');
      expect(focused.matches(':focus-visible')).to.equal(true);
      expect([getComputedStyle(focused).outlineStyle, getComputedStyle(focused).outlineColor]).to.deep.equal(['solid', 'rgb(0, 200, 120)']);

      const failed = oneEvent(el, 'pay-error');
      button(el, 'Pay (test): declined card').click();
      await failed;
      await el.updateComplete;
      expect(getComputedStyle(part(el, 'status')!).color).to.equal('rgb(255, 120, 120)');
      expect(getComputedStyle(part(el, 'failure')!).color).to.equal('rgb(255, 120, 120)');
    } finally {
      theme.remove();
    }
  });

  // theme="auto" follows the customer's system (the hosted page uses it); by default a light shop stays light.
  it('follows the dark colour scheme with theme="auto" when the host page sets no colours', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 2_000 });
    const el = await mount(created.checkoutId, created.server, 'locale="en" theme="auto"');
    const plain = await mount(created.checkoutId, created.server);
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect([getComputedStyle(el).backgroundColor, getComputedStyle(el).color]).to.deep.equal(['rgb(16, 24, 40)', 'rgb(242, 244, 247)']);
      expect([getComputedStyle(plain).backgroundColor, getComputedStyle(plain).color]).to.deep.equal(['rgb(255, 255, 255)', 'rgb(16, 24, 40)']);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('is dark with theme="dark", whatever the system says', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 2_000 });
    const el = await mount(created.checkoutId, created.server, 'locale="en" theme="dark"');
    expect([getComputedStyle(el).backgroundColor, getComputedStyle(el).color]).to.deep.equal(['rgb(16, 24, 40)', 'rgb(242, 244, 247)']);
    await expectAccessible(el, 'dark theme');
  });
});
