// <pay-checkout> showing a payment request (installment financing) against the real server and its
// sandbox lender in Chromium: the plans as a radio group, the CNPJ field's mask and check digits,
// pt-BR by default for reais, the lender's answer arriving live, and the test-mode buttons.
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import '../../widget/register.ts';
import type { PayCheckout } from '../../widget/index.ts';
import { formatCnpj, isValidCnpj } from '../../server/domain/cnpj.ts';
import { button, expectAccessible, mount, part, statusOf, until } from './support.ts';

const createRequest = (input: Record<string, unknown> = {}) =>
  executeServerCommand<{ checkoutId: string; server: string }, object>('create-payment-request', { orderDescription: 'Máquina de café; Moedor', ...input });
const plans = (el: PayCheckout) => [...el.shadowRoot!.querySelectorAll('[part="plan"]')] as HTMLLabelElement[];
const radios = (el: PayCheckout) => [...el.shadowRoot!.querySelectorAll('input[type="radio"]')] as HTMLInputElement[];
const financingStatus = (el: PayCheckout) => part(el, 'financing-status')?.dataset.financing;

describe('<pay-checkout> showing a payment request', () => {
  it('in pt-BR for reais: merchant, order, amount, the plans as an accessible radio group, "sem juros" when free', async () => {
    const request = await createRequest({ merchantSubsidyType: 'FREE' });
    const el = await mount(request.checkoutId, request.server, '');
    expect(part(el, 'merchant')!.textContent).to.contain('Widget Shop');
    expect(part(el, 'description')!.textContent).to.equal('Máquina de café; Moedor');
    expect(part(el, 'amount')!.textContent!.replace(/\s/g, ' ')).to.equal('R$ 10.000,00');
    expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Escolha o parcelamento');
    expect(plans(el).map((p) => p.textContent!.trim().replace(/\s+/g, ' '))).to.deep.equal([
      '3× R$ 3.333,33 total R$ 10.000,00 · sem juros',
      '4× R$ 2.500,00 total R$ 10.000,00 · sem juros',
      '5× R$ 2.000,00 total R$ 10.000,00 · sem juros',
      '6× R$ 1.666,66 total R$ 10.000,00 · sem juros',
    ]);
    expect(radios(el).every((r) => r.name === 'plan')).to.equal(true);
    await expectAccessible(el, 'payment request');
  });

  it('6× R$ 1.785,26 · total R$ 10.711,56 · CET 2,0 % a.m., with the first due date once picked', async () => {
    const request = await createRequest({ installmentsCountMin: 6, installmentsCountMax: 6 });
    const el = await mount(request.checkoutId, request.server, 'locale="pt-BR"');
    expect(plans(el)[0]!.textContent!.trim().replace(/\s+/g, ' ')).to.equal('6× R$ 1.785,26 total R$ 10.711,56 · CET 2,0 % a.m.');
    // The radio's name says it all: the plan, its total and its cost.
    expect(radios(el)[0]!.closest('label')!.textContent!.replace(/\s+/g, ' ').trim()).to.contain('CET 2,0 % a.m.');
    radios(el)[0]!.click();
    await el.updateComplete;
    expect(part(el, 'first-installment')!.textContent).to.match(/^Primeira parcela em /);
  });

  it('masks the CNPJ as typed, checks its digits, and the lender approves without a reload', async () => {
    const request = await createRequest();
    const el = await mount(request.checkoutId, request.server);
    const input = part(el, 'tax-id-input') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: '11222333000182' });
    await el.updateComplete;
    expect(input.value).to.equal('11.222.333/0001-82');
    input.blur();
    await el.updateComplete;
    expect(part(el, 'tax-id-error')!.textContent).to.contain('valid CNPJ');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el, 'payment request, CNPJ invalid');

    input.focus();
    input.select();
    await sendKeys({ type: '11222333000181' });
    await el.updateComplete;
    expect(part(el, 'tax-id-error')).to.equal(null);
    radios(el).at(-1)!.click(); // 6×
    await el.updateComplete;
    button(el, 'Request financing').click();
    await until(() => financingStatus(el) === 'INITIALIZED', 'analysing');
    expect(part(el, 'financing-status')!.textContent).to.equal('The lender is analysing your request…');
    await until(() => financingStatus(el) === 'AUTHORIZED', 'approved');
    expect(part(el, 'financing-status')!.textContent).to.contain('Approved: 6× R$1,785.26.');
    expect(statusOf(el)).to.equal('ACTIVE');
    await expectAccessible(el, 'payment request, approved');

    // The test-mode button sends the merchant's invoice; the sandbox lender captures and pays out.
    button(el, 'Send the sample invoice (test)').click();
    await until(() => statusOf(el) === 'PAID', 'paid out', 15_000);
    expect(part(el, 'financing-paid')!.textContent).to.equal('Financed in 6× R$1,785.26; the lender has paid the merchant.');
    await expectAccessible(el, 'payment request, paid out');
  });

  it('a request naming the company locks its CNPJ; the refused CNPJ is refused with a reason, and another can be tried', async () => {
    const locked = await createRequest({ customerTaxId: '12ABC34501DE35' });
    const lockedEl = await mount(locked.checkoutId, locked.server);
    const lockedInput = part(lockedEl, 'tax-id-input') as HTMLInputElement;
    expect(lockedInput.readOnly).to.equal(true);
    expect(lockedInput.value).to.equal('12.ABC.345/01DE-35');
    expect(button(lockedEl, 'Fill in the refused CNPJ (test)')).to.equal(undefined);

    const request = await createRequest();
    const el = await mount(request.checkoutId, request.server);
    button(el, 'Fill in the refused CNPJ (test)').click();
    await el.updateComplete;
    expect((part(el, 'tax-id-input') as HTMLInputElement).value).to.equal('11.444.777/0001-61');
    radios(el)[0]!.click();
    await el.updateComplete;
    button(el, 'Request financing').click();
    await until(() => financingStatus(el) === 'CANCELED', 'refused');
    expect(part(el, 'financing-status')!.textContent).to.contain('The lender did not approve this financing.');
    await expectAccessible(el, 'payment request, refused');
    button(el, 'Fill in an approved CNPJ (test)').click();
    await el.updateComplete;
    radios(el)[1]!.click();
    await el.updateComplete;
    button(el, 'Request financing').click();
    await until(() => financingStatus(el) === 'AUTHORIZED', 'approved after a refusal');
  });

  it('says the purchase amount, and once its seven days are up, that the request expired and a new link is needed', async () => {
    const request = await createRequest();
    const el = await mount(request.checkoutId, request.server, 'locale="pt-BR"');
    expect(part(el, 'status')!.textContent).to.equal('Valor da compra');
    await executeServerCommand('expire-checkout', { checkoutId: request.checkoutId });
    await until(() => statusOf(el) === 'EXPIRED', 'expired', 15_000);
    expect(part(el, 'status')!.textContent).to.equal('Este pedido de financiamento expirou. Peça um novo link ao lojista.');
    expect(plans(el)).to.have.length(0);
    await expectAccessible(el, 'payment request, expired');
  });

  it("the widget's mask and check agree with the server's (one module)", () => {
    expect(formatCnpj('12abc34501de35')).to.equal('12.ABC.345/01DE-35');
    expect(isValidCnpj('11222333000181')).to.equal(true);
    expect(isValidCnpj('11222333000182')).to.equal(false);
  });
});
