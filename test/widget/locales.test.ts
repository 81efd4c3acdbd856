// Integrators' locales, in real Chromium against the real server: a locale registered by the page
// (and its fallback to English for strings it leaves out), one string of English changed
// everywhere, one string changed on one element, and a kind the element has no view for.
import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import '../../widget/register.ts';
import { messagesFor, registerLocale, resolveLocale, type PayCheckout } from '../../widget/index.ts';
import { button, expectAccessible, mount, part, type Created } from './support.ts';

const createCheckout = (input: Record<string, unknown>) => executeServerCommand<Created, object>('create-checkout', input);

describe('locales an integrator adds or changes', () => {
  it('speaks a registered locale, by its tag and by its language, and falls back to English for what it leaves out', async () => {
    registerLocale('de', {
      amountDue: (invoice) => `Zu zahlender Betrag${invoice ? ` für Rechnung ${invoice}` : ''}`,
      testMode: 'Testmodus',
      payTestCard: 'Bezahlen (Test): Karte',
    });
    expect(resolveLocale('de')).to.equal('de');
    expect(resolveLocale('de-AT')).to.equal('de');
    expect(resolveLocale('pt-PT')).to.equal('pt-BR'); // the built-in rules still apply

    const created = await createCheckout({ amountMinor: 10_000 });
    const el = await mount(created.checkoutId, created.server, 'locale="de-AT"');
    expect(part(el, 'status')!.textContent).to.equal(`Zu zahlender Betrag für Rechnung ${created.invoiceNumber}`);
    expect(part(el, 'merchant')!.textContent).to.equal('Widget Shop (Testmodus)');
    expect(button(el, 'Bezahlen (Test): Karte')).to.not.equal(undefined);
    expect(button(el, 'Pay (test): bank transfer')).to.not.equal(undefined); // not translated: English
    // Amounts are formatted for the registered locale too.
    expect(part(el, 'amount')!.textContent).to.match(/^100,00\s₦$/);
  });

  it('changes one string of a built-in locale everywhere, keeping the rest', async () => {
    registerLocale('en', { payTestCard: 'Pay by test card' });
    expect(messagesFor('en').payTestCard).to.equal('Pay by test card');
    expect(messagesFor('en').payTestTransfer).to.equal('Pay (test): bank transfer');
    const created = await createCheckout({ amountMinor: 2_000 });
    const el = await mount(created.checkoutId, created.server);
    expect(button(el, 'Pay by test card')).to.not.equal(undefined);
    expect(button(el, 'Pay (test): declined card')).to.not.equal(undefined);
  });

  it('changes a string on one element with its messages property', async () => {
    const created = await createCheckout({ amountMinor: 2_000, allowPartialPayment: true });
    const el = await mount(created.checkoutId, created.server);
    el.messages = { amountLabel: 'How much today?', copyLink: 'Copy the link' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('label[for="amount"]')!.textContent).to.equal('How much today?');
    expect(button(el, 'Copy the link')).to.not.equal(undefined);
    const other = await mount(created.checkoutId, created.server);
    expect(other.shadowRoot!.querySelector('label[for="amount"]')!.textContent).to.equal('Amount to pay');
  });
});

describe('a kind the element has no view for', () => {
  it('says so plainly instead of breaking, and stays accessible', async () => {
    const created = await createCheckout({ amountMinor: 3_000 });
    const el: PayCheckout = await mount(created.checkoutId, created.server);
    // A newer server's kind, as an older element would receive it.
    el.view = { ...el.view!, kind: 'VOUCHER' as never };
    await el.updateComplete;
    expect(part(el, 'unsupported')!.textContent).to.equal('This kind of checkout cannot be shown here.');
    expect(part(el, 'amount')!.textContent).to.equal('₦30.00');
    expect(part(el, 'qr')).to.equal(null);
    await expectAccessible(el, 'unknown kind');
  });
});
