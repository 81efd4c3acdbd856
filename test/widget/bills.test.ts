// <pay-checkout> showing bills against the real server in Chromium: the right controls for each
// kind (fixed amount, bounded amount with progress toward a target, virtual account with copy
// buttons, expiry countdown), live progress, and the sandbox paying by transfer.
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { expect, oneEvent } from '@open-wc/testing';
import '../../widget/register.ts';
import type { PayCheckout, PayStatusEvent } from '../../widget/index.ts';
import { button, expectAccessible, mount, part, statusOf, until } from './support.ts';

interface CreatedBill {
  checkoutId: string;
  paymentRef: string;
  accountNumber: string | null;
  server: string;
}

const createBill = (input: Record<string, unknown>) => executeServerCommand<CreatedBill, object>('create-bill', input);
const progress = (el: PayCheckout) => el.shadowRoot!.querySelector('progress') as HTMLProgressElement | null;

describe('<pay-checkout> showing bills', () => {
  it('a regular bill: its fixed amount, no amount field, QR code, and paid once the partner reports it', async () => {
    const bill = await createBill({ amountMinor: 250_000, narration: 'Term 1 school fees' });
    const el = await mount(bill.checkoutId, bill.server);
    expect(part(el, 'amount')!.textContent).to.equal('₦2,500.00');
    expect(part(el, 'narration')!.textContent).to.equal('Term 1 school fees');
    expect(part(el, 'amount-input')).to.equal(null);
    expect(progress(el)).to.equal(null);
    expect(part(el, 'transfer')).to.equal(null);
    expect((part(el, 'qr') as HTMLImageElement).src).to.contain(`/v1/bills/${bill.checkoutId}/qr.png`);
    await expectAccessible(el, 'regular bill');

    const success = oneEvent(el, 'pay-success');
    await executeServerCommand('partner-pays-bill', { paymentRef: bill.paymentRef, amountMinor: 250_000 });
    await success;
    await el.updateComplete;
    expect(statusOf(el)).to.equal('PAID');
  });

  it('a flexible dynamic bill: an amount field bounded by min and max, progress toward its target, the virtual account', async () => {
    const bill = await createBill({
      type: 'DYNAMIC',
      isFlexible: true,
      minimumAmount: 50_000,
      maximumAmount: 500_000,
      targetAmount: 1_000_000,
      virtual: true,
      narration: 'Harambee',
    });
    const el = await mount(bill.checkoutId, bill.server);
    // The header says what one payment may bring, once: no second line repeating it.
    expect(part(el, 'amount')!.textContent).to.equal('₦500.00 – ₦5,000.00');
    expect(el.shadowRoot!.textContent).to.not.contain('Pay between');
    expect(part(el, 'progress-label')!.textContent).to.equal('₦0.00 of ₦10,000.00 collected');
    expect(progress(el)!.max).to.equal(1_000_000);
    expect(progress(el)!.value).to.equal(0);
    expect(part(el, 'account-number')!.textContent).to.equal(bill.accountNumber);
    expect(part(el, 'reference')!.textContent).to.equal(bill.paymentRef);
    expect(part(el, 'transfer')!.textContent).to.contain('Transfer between ₦500.00 and ₦5,000.00 to this account:');
    // Short visible labels that fit beside the value on a phone, named in full for screen readers.
    expect(button(el, 'Copy')!.getAttribute('aria-label')).to.equal('Copy account number');
    expect([...el.shadowRoot!.querySelectorAll('[part="account"] button')].map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Copy account number',
      'Copy reference',
    ]);
    expect(part(el, 'countdown')).to.equal(null); // no duration: it never expires
    await expectAccessible(el, 'flexible bill');

    // Below the minimum and above the maximum are refused where they are typed.
    const input = part(el, 'amount-input') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: '100' });
    await el.updateComplete;
    expect(part(el, 'amount-error')!.textContent).to.equal('The least you can pay is ₦500.00.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el, 'flexible bill, amount below minimum');
    input.select();
    await sendKeys({ type: '6000' });
    await el.updateComplete;
    expect(part(el, 'amount-error')!.textContent).to.equal('That is more than is due (₦5,000.00).');

    // A transfer of 4,000 through the sandbox bank: the progress moves without a reload.
    input.select();
    await sendKeys({ type: '4000' });
    await el.updateComplete;
    expect(part(el, 'amount-error')).to.equal(null);
    const status = oneEvent(el, 'pay-status') as Promise<PayStatusEvent>;
    button(el, 'Pay (test): bank transfer').click();
    expect((await status).checkout.amountPaidMinor).to.equal(400_000);
    await el.updateComplete;
    expect(part(el, 'progress-label')!.textContent).to.equal('₦4,000.00 of ₦10,000.00 collected');
    expect(progress(el)!.value).to.equal(400_000);
    expect(statusOf(el)).to.equal('ACTIVE');
  });

  it('completes when the target is reached', async () => {
    const bill = await createBill({ type: 'DYNAMIC', isFlexible: true, targetAmount: 10_000 });
    const el = await mount(bill.checkoutId, bill.server);
    const success = oneEvent(el, 'pay-success');
    await executeServerCommand('partner-pays-bill', { paymentRef: bill.paymentRef, amountMinor: 10_000 });
    await success;
    await el.updateComplete;
    expect(statusOf(el)).to.equal('PAID');
    expect(part(el, 'amount-input')).to.equal(null);
  });

  it('a fixed dynamic bill takes its amount (no field); a bill with a duration counts down to its expiry', async () => {
    const fixed = await createBill({ type: 'DYNAMIC', amountMinor: 150_000, duration: '2h' });
    const el = await mount(fixed.checkoutId, fixed.server);
    expect(part(el, 'amount')!.textContent).to.equal('₦1,500.00');
    expect(part(el, 'amount-input')).to.equal(null);
    expect(part(el, 'countdown')!.textContent).to.match(/^Expires in (2:00:00|1:59:\d\d)$/);
    const first = part(el, 'countdown')!.textContent;
    await until(() => part(el, 'countdown')!.textContent !== first, 'the countdown to tick');
    await expectAccessible(el, 'fixed bill with countdown');
  });

  it('speaks the page language: a bill in French', async () => {
    const bill = await createBill({ type: 'DYNAMIC', isFlexible: true, minimumAmount: 50_000, virtual: true });
    const el = await mount(bill.checkoutId, bill.server, 'locale="fr"');
    expect(part(el, 'amount')!.textContent).to.match(/^500,00\s₦ ou plus$/);
    expect(part(el, 'status')!.textContent).to.equal('Choisissez le montant à payer');
    expect(part(el, 'transfer-title')!.textContent).to.equal('Payer par virement bancaire');
  });
});
