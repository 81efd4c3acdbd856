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

describe('<pay-amount editable>', () => {
  const field = async (attributes: string) => {
    const wrapper = await fixture(html`<div></div>`);
    wrapper.innerHTML = `<pay-amount editable currency="NGN" minor-digits="2" ${attributes}></pay-amount>`;
    const el = wrapper.querySelector('pay-amount')!;
    await el.updateComplete;
    return el;
  };
  const type = async (el: PayAmount, text: string) => {
    const input = el.querySelector('input')!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
  };

  it('draws a labelled field in the light DOM, checks what is typed against its bounds, and says what was typed', async () => {
    const el = await field('locale="en" minimum-minor="50000" maximum-minor="500000"');
    expect(el.shadowRoot).to.equal(null);
    expect(el.querySelector('label[for="amount"]')!.textContent).to.equal('Amount to pay');
    const typed: string[] = [];
    el.addEventListener('pay-amount-input', (event) => typed.push(event.value));

    await type(el, '100');
    expect(el.querySelector('[part="amount-error"]')!.textContent).to.equal('The least you can pay is ₦500.00.');
    expect(el.querySelector('input')!.getAttribute('aria-describedby')).to.equal('amount-error');
    expect(el.entered).to.deep.equal({ error: 'The least you can pay is ₦500.00.' });
    await type(el, '6,000');
    expect(el.querySelector('[part="amount-error"]')!.textContent).to.equal('That is more than is due (₦5,000.00).');
    await type(el, '1,000.50');
    expect(el.querySelector('[part="amount-error"]')).to.equal(null);
    expect(el.querySelector('input')!.getAttribute('aria-invalid')).to.equal('false');
    expect(el.entered).to.deep.equal({ amountMinor: 100_050 });
    expect(typed).to.deep.equal(['100', '6,000', '1,000.50']);
  });

  it('speaks its locale and takes its texts from messages', async () => {
    const el = await field('locale="pt-BR" minimum-minor="1"');
    expect(el.querySelector('label')!.textContent).to.equal('Valor a pagar agora');
    await type(el, 'abc');
    expect(el.querySelector('[part="amount-error"]')!.textContent).to.equal('Informe um valor como 1.000,50.');
    el.messages = { amountLabel: 'Quanto?', amountInvalid: 'Não é um valor.', amountTooLow: '', amountBelowMinimum: () => '', amountTooHigh: () => '' };
    await el.updateComplete;
    expect(el.querySelector('label')!.textContent).to.equal('Quanto?');
    expect(el.querySelector('[part="amount-error"]')!.textContent).to.equal('Não é um valor.');
  });
});
