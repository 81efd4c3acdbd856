import { expect } from '@open-wc/testing';
import { formatMinorUnits, messagesFor, parseAmountInput, resolveLocale } from '../../widget/index.ts';

describe('checkout locales', () => {
  it('picks the closest supported locale', () => {
    expect(resolveLocale('pt-PT')).to.equal('pt-BR');
    expect(resolveLocale('sw-TZ')).to.equal('sw');
    expect(resolveLocale('fr-CI')).to.equal('fr');
    expect(resolveLocale('de')).to.equal('en');
    expect(resolveLocale(undefined)).to.equal('en');
  });

  it('speaks each supported language', () => {
    expect(messagesFor('pt-BR').paid('REC-2026-001')).to.equal('Pago — recibo REC-2026-001');
    expect(messagesFor('sw').amountDue('INV-2026-042')).to.equal('Kiasi kinachodaiwa kwa ankara INV-2026-042');
    expect(messagesFor('fr').expired).to.equal('Ce paiement a expiré.');
    expect(messagesFor('en').payTestCard).to.equal('Pay (test): card');
  });

  it('formats amounts the way each locale writes them', () => {
    expect(formatMinorUnits(250_000, 'TZS', 2, 'sw')).to.contain('2,500.00');
    expect(formatMinorUnits(100_099, 'BRL', 2, 'pt-BR')).to.equal('R$\u00a01.000,99');
    expect(formatMinorUnits(53_750_000, 'XOF', 0, 'fr')).to.match(/53\u202f750\u202f000/);
  });
});

describe('parseAmountInput', () => {
  it('reads what people type, per locale, into exact minor units', () => {
    expect(parseAmountInput('1,000.50', 2, 'en')).to.equal(100_050);
    expect(parseAmountInput('1.000,50', 2, 'pt-BR')).to.equal(100_050);
    expect(parseAmountInput('₦ 2,500', 2, 'en')).to.equal(250_000);
    expect(parseAmountInput('500', 0, 'en')).to.equal(500);
    expect(parseAmountInput('0.1', 2, 'en')).to.equal(10);
  });

  it('refuses what is not an amount or is finer than the currency', () => {
    expect(parseAmountInput('', 2, 'en')).to.equal(null);
    expect(parseAmountInput('abc', 2, 'en')).to.equal(null);
    expect(parseAmountInput('1.005', 2, 'en')).to.equal(null);
    expect(parseAmountInput('12.5', 0, 'en')).to.equal(null);
    expect(parseAmountInput('99999999999999999', 2, 'en')).to.equal(null);
  });
});
