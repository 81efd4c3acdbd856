// The dashboard's pure helpers, in Chromium (its Intl): money without floats, cursor paging, and the
// client's exact big integers and multipart uploads against the real server.
import { expect } from '@open-wc/testing';
import { formAmount, formatMoney, minorToDecimal, parseMajorToMinor } from '../../dashboard/ui/money.ts';
import { CursorPager } from '../../dashboard/ui/paging.ts';

describe('money', () => {
  it('formats integer minor units exactly, beyond 2^53 too (a bigint), negative and zero-decimal currencies', () => {
    expect(formatMoney({ amountMinor: 125_050, currency: 'TZS' }, 'en')).to.match(/^TZS\s?1,250\.50$/);
    expect(minorToDecimal(2n ** 60n + 1n, 'TZS')).to.equal('11529215046068469.77');
    expect(formatMoney({ amountMinor: 2n ** 60n + 1n, currency: 'TZS' }, 'en')).to.match(/11,529,215,046,068,469\.77$/);
    expect(minorToDecimal(-5, 'NGN')).to.equal('-0.05');
    expect(formatMoney({ amountMinor: 1500, currency: 'JPY' }, 'en')).to.equal('¥1,500');
  });

  it('reads an amount typed in major units as minor units, refusing what is not one', () => {
    expect(parseMajorToMinor('1,250.5', 'TZS')).to.equal(125_050n);
    expect(parseMajorToMinor(' 90071992547409.93 ', 'TZS')).to.equal(9_007_199_254_740_993n);
    expect(parseMajorToMinor('1.005', 'TZS')).to.equal(null);
    expect(parseMajorToMinor('-3', 'TZS')).to.equal(null);
    expect(parseMajorToMinor('1e3', 'TZS')).to.equal(null);
    expect(parseMajorToMinor('12.5', 'JPY')).to.equal(null);
  });

  it('a form amount is sent exactly or not at all: zero, junk and amounts past 2^53 get a message', () => {
    expect(formAmount('25,000.50', 'TZS', '1,250.00')).to.deep.equal({ minor: 2_500_050 });
    expect(formAmount('90071992547409.91', 'TZS', '1,250.00')).to.deep.equal({ minor: Number.MAX_SAFE_INTEGER });
    // One more minor unit would reach the server as a rounded float: refused instead.
    expect(formAmount('90071992547409.92', 'TZS', '1,250.00')).to.deep.equal({ error: 'That amount is too large.' });
    expect(formAmount('0', 'TZS', '1,250.00')).to.deep.equal({ error: 'Enter the amount in TZS, e.g. 1,250.00.' });
    expect(formAmount('ten', 'KES', '500.00')).to.deep.equal({ error: 'Enter the amount in KES, e.g. 500.00.' });
  });
});

describe('CursorPager', () => {
  it('goes forward by end cursors and back by the ones it kept', () => {
    const pager = new CursorPager();
    expect([pager.after, pager.page, pager.hasPrevious]).to.deep.equal([null, 1, false]);
    pager.next('c20');
    pager.next('c40');
    expect([pager.after, pager.page]).to.deep.equal(['c40', 3]);
    pager.previous();
    expect([pager.after, pager.page, pager.hasPrevious]).to.deep.equal(['c20', 2, true]);
    pager.previous();
    pager.previous();
    expect([pager.after, pager.page]).to.deep.equal([null, 1]);
    pager.next(null);
    expect(pager.page).to.equal(1);
  });
});
