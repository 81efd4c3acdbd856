import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/register.ts';
import type { PayCheckout, PayStatusEvent, PaySuccessEvent } from '../../widget/index.ts';

interface Created {
  checkoutId: string;
  invoiceNumber: string;
  server: string;
}

const part = (el: PayCheckout, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`) as HTMLElement | null;
const settle = () => new Promise((resolve) => setTimeout(resolve, 300)); // the live subscription follows the first read

async function mount(created: Created, attributes = ''): Promise<PayCheckout> {
  const wrapper = await fixture(html`<div></div>`);
  wrapper.innerHTML = `<pay-checkout checkout="${created.checkoutId}" server="${created.server}" ${attributes}></pay-checkout>`;
  const el = wrapper.querySelector('pay-checkout') as PayCheckout;
  await oneEvent(el, 'pay-ready');
  await el.updateComplete;
  return el;
}

describe('<pay-checkout> against the real server', () => {
  it('shows what is due, then flips to paid with the receipt when the payment is reconciled', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 53_750_000 });
    const el = await mount(created, 'locale="en"');
    expect(part(el, 'merchant')!.textContent).to.contain('Widget Shop');
    expect(part(el, 'amount')!.textContent).to.equal('₦537,500.00');
    expect(part(el, 'status')!.dataset.status).to.equal('ACTIVE');
    expect(part(el, 'status')!.textContent).to.contain(created.invoiceNumber);

    await settle();
    const success = oneEvent(document, 'pay-success') as Promise<PaySuccessEvent>;
    const answer = await executeServerCommand<{ receiptNumber: string }, object>('partner-pays', { checkoutId: created.checkoutId, amountMinor: 53_750_000 });
    const event = await success;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.checkout.status).to.equal('PAID');
    await el.updateComplete;
    expect(part(el, 'status')!.dataset.status).to.equal('PAID');
    expect(part(el, 'status')!.textContent).to.contain(answer.receiptNumber);
  });

  it('reports partial payments as status changes with the new amount due', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 10_000, allowPartialPayment: true });
    const el = await mount(created, 'locale="en"');
    await settle();
    const status = oneEvent(el, 'pay-status') as Promise<PayStatusEvent>;
    await executeServerCommand('partner-pays', { checkoutId: created.checkoutId, amountMinor: 4_000 });
    expect((await status).checkout.amountDueMinor).to.equal(6_000);
    await el.updateComplete;
    expect(part(el, 'amount')!.textContent).to.equal('₦60.00');
  });

  it('shows a canceled checkout, a missing one, and offers Pay (test) only while payable', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', {});
    const el = await mount(created, 'locale="en"');
    expect(el.shadowRoot!.querySelectorAll('[part="sandbox"] button').length).to.equal(3);
    await settle();
    const changed = oneEvent(el, 'pay-status');
    await executeServerCommand('cancel-checkout', { checkoutId: created.checkoutId });
    await changed;
    await el.updateComplete;
    expect(part(el, 'status')!.dataset.status).to.equal('CANCELED');
    expect(el.shadowRoot!.querySelectorAll('[part="sandbox"] button, [part="qr"]').length).to.equal(0);

    const wrapper = await fixture(html`<div></div>`);
    wrapper.innerHTML = `<pay-checkout checkout="pl_nothing" server="${created.server}"></pay-checkout>`;
    const missing = wrapper.querySelector('pay-checkout') as PayCheckout;
    await oneEvent(missing, 'pay-error');
    await missing.updateComplete;
    expect(part(missing, 'status')!.textContent).to.equal('This checkout does not exist.');
  });

  it('speaks the page language and takes the host page theme', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 100_099 });
    const wrapper = await fixture(html`<div lang="pt-BR" style="--pay-color: rgb(1, 2, 3)"></div>`);
    wrapper.innerHTML = `<pay-checkout checkout="${created.checkoutId}" server="${created.server}"></pay-checkout>`;
    const el = wrapper.querySelector('pay-checkout') as PayCheckout;
    await oneEvent(el, 'pay-ready');
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.contain('Valor a pagar');
    expect(part(el, 'amount')!.textContent).to.match(/1\.000,99/);
    expect(getComputedStyle(el).color).to.equal('rgb(1, 2, 3)');
  });
});

describe('<pay-checkout> without WebSockets', () => {
  it('follows the checkout by polling and still turns to paid', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 7_000 });
    const el = await mount(created, 'locale="en" transport="poll"');
    const success = oneEvent(el, 'pay-success') as Promise<PaySuccessEvent>;
    await executeServerCommand('partner-pays', { checkoutId: created.checkoutId, amountMinor: 7_000 });
    expect((await success).checkout.status).to.equal('PAID');
    await el.updateComplete;
    expect(part(el, 'status')!.dataset.status).to.equal('PAID');
  });
});

describe('<pay-checkout> controls', () => {
  it('takes a partial amount where allowed, explains a bad one, and pays what was typed', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 10_000, allowPartialPayment: true });
    const el = await mount(created, 'locale="en"');
    const input = part(el, 'amount-input') as HTMLInputElement;
    expect(el.shadowRoot!.querySelector('label[for="amount"]')!.textContent).to.equal('Amount to pay');

    input.value = '150';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(part(el, 'amount-error')!.textContent).to.equal('That is more than is due (₦100.00).');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('amount-error');

    input.value = '40.00';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(part(el, 'amount-error')).to.equal(null);
    await settle();
    const changed = oneEvent(el, 'pay-status') as Promise<PayStatusEvent>;
    (el.shadowRoot!.querySelector('[part="sandbox"] button') as HTMLButtonElement).click();
    expect((await changed).checkout.amountDueMinor).to.equal(6_000);
  });

  it('shows the QR code with a text alternative and copies the payment link', async () => {
    const created = await executeServerCommand<Created, object>('create-checkout', { amountMinor: 2_500 });
    const el = await mount(created, 'locale="en"');
    const qr = part(el, 'qr') as HTMLImageElement;
    expect(qr.src).to.equal(`${created.server}/v1/payment-links/${created.checkoutId}/qr.png`);
    expect(qr.alt).to.equal('QR code: scan with your banking app to pay ₦25.00');
    await new Promise((resolve) => (qr.complete ? resolve(null) : qr.addEventListener('load', resolve)));
    expect(qr.naturalWidth).to.be.greaterThan(0);

    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void (copied = text) }, configurable: true });
    const copy = [...el.shadowRoot!.querySelectorAll('[part="qr-block"] button')][0] as HTMLButtonElement;
    copy.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await el.updateComplete;
    expect(copied).to.equal(`${created.server}/p/${created.checkoutId}`);
    expect(part(el, 'note')!.textContent).to.equal('Payment link copied.');
  });
});
