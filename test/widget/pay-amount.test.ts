import { expect, fixture, html } from '@open-wc/testing';
import '../../widget/register.ts';
import type { PayAmount } from '../../widget/index.ts';
import { formatMinorUnits } from '../../widget/index.ts';

const text = (el: PayAmount) => el.shadowRoot!.querySelector('[part="amount"]')!.textContent;

describe('formatMinorUnits', () => {
  it('shows kobo as naira with the currency digits', () => {
    expect(formatMinorUnits(53750000, 'NGN', 2, 'en')).to.equal('₦537,500.00');
  });

  it('formats per locale', () => {
    expect(formatMinorUnits(100099, 'BRL', 2, 'pt-BR')).to.equal('R$\u00a01.000,99');
    expect(formatMinorUnits(500000, 'UGX', 0, 'en')).to.contain('500,000');
  });

  it('is exact for amounts beyond float precision of a decimal', () => {
    expect(formatMinorUnits(9007199254740991, 'USD', 2, 'en')).to.equal('$90,071,992,547,409.91');
    expect(formatMinorUnits(-5, 'USD', 2, 'en')).to.equal('-$0.05');
  });

  it('refuses fractional minor units', () => {
    expect(() => formatMinorUnits(10.5, 'USD', 2, 'en')).to.throw(RangeError);
  });
});

describe('<pay-amount>', () => {
  it('renders the formatted amount and updates when it changes', async () => {
    const el = await fixture<PayAmount>(html`<pay-amount amount-minor="53750000" currency="NGN" minor-digits="2" locale="en"></pay-amount>`);
    expect(text(el)).to.equal('₦537,500.00');
    el.amountMinor = 125;
    await el.updateComplete;
    expect(text(el)).to.equal('₦1.25');
  });

  it("takes the page's language when no locale is given", async () => {
    const wrapper = await fixture(html`<div lang="pt-BR"><pay-amount amount-minor="100099" currency="BRL"></pay-amount></div>`);
    const el = wrapper.querySelector('pay-amount')!;
    await el.updateComplete;
    expect(text(el)).to.equal('R$\u00a01.000,99');
  });

  it('exposes its amount as a themable part', async () => {
    const el = await fixture<PayAmount>(html`<pay-amount amount-minor="1" currency="USD" style="--pay-amount-color: rgb(255, 0, 0)"></pay-amount>`);
    expect(getComputedStyle(el).color).to.equal('rgb(255, 0, 0)');
  });
});
