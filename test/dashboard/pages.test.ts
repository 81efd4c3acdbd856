// The dashboard's list pages in real Chromium against the real server (a business of their own,
// its test key): paging, filters, search, the loading / empty / error states, creating things, and
// axe at 1280 px and 390 px in light and dark.
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import type { GraphQLClient } from '../../dashboard/api/client.ts';
import '../../dashboard/pages/invoices.ts';
import '../../dashboard/pages/bills.ts';
import '../../dashboard/pages/lipa-numbers.ts';
import '../../dashboard/pages/payment-links.ts';
import '../../dashboard/pages/settlements.ts';
import '../../dashboard/pages/financed-payments.ts';
import '../../dashboard/pages/ledger.ts';
import '../../dashboard/pages/settlement-entities.ts';
import '../../dashboard/pages/operator/kyc-review.ts';
import '../../dashboard/pages/operator/businesses.ts';
import type { ListPage } from '../../dashboard/ui/list-page.ts';
import type { FormDialog } from '../../dashboard/ui/form-dialog.ts';
import { buttonIn, clientFor, dialogOf, expectAccessible, fill, inList, list, mountPage, newBusiness, rows, settled, submitDialog, until } from './support.ts';

const NAMES = Array.from({ length: 23 }, (_, i) => `Customer ${String(i + 1).padStart(2, '0')}`);

describe('dashboard list pages', () => {
  it('invoices: pages with first/after (Next, Previous), filters by status, searches, and is axe-clean', async () => {
    const business = await newBusiness({ invoices: [...NAMES, 'Neema Mushi'] });
    const el = await mountPage<ListPage<unknown>>('pc-page-invoices', clientFor(business.secretKey));
    expect(rows(el)).to.have.length(20);
    expect(rows(el)[0]).to.contain('Neema Mushi');
    expect(rows(el)[0]).to.match(/TZS\s?125,023\.00/);
    await expectAccessible(el, 'invoices with data');

    buttonIn(list(el).shadowRoot!, 'Next')!.click();
    await settled(el);
    expect(rows(el)).to.have.length(4);
    expect(rows(el).at(-1)).to.contain('Customer 01');
    expect(inList(el, 'nav')!.textContent).to.contain('Page 2');
    buttonIn(list(el).shadowRoot!, 'Previous')!.click();
    await settled(el);
    expect(rows(el)).to.have.length(20);

    const status = el.shadowRoot!.querySelector('select[name="status"]') as HTMLSelectElement;
    status.value = 'PAID';
    status.dispatchEvent(new Event('change'));
    await settled(el);
    expect(inList(el, '[part="empty"]')!.textContent).to.contain('No matches');
    status.value = '';
    status.dispatchEvent(new Event('change'));
    await settled(el);

    const search = el.shadowRoot!.querySelector('input[type="search"]') as HTMLInputElement;
    search.value = 'neema';
    search.dispatchEvent(new Event('input'));
    await until(() => el.listState === 'ready' && rows(el).length === 1, 'the search');
    expect(rows(el)[0]).to.contain('neema.mushi@example.com');
  });

  it('shows skeleton rows while loading, then the empty state whose call to action opens the form', async () => {
    const business = await newBusiness();
    const real = clientFor(business.secretKey);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: GraphQLClient = async (query, variables) => (await gate, real(query, variables));
    const el = await mountPage<ListPage<unknown>>('pc-page-invoices', slow, { wait: false });
    await list(el).updateComplete;
    expect(list(el).shadowRoot!.querySelectorAll('tr[data-skeleton]')).to.have.length(5);
    expect(inList(el, 'table')!.getAttribute('aria-busy')).to.equal('true');
    expect(inList(el, '[role="status"]')!.textContent).to.contain('Loading Invoices');
    await expectAccessible(el, 'invoices loading');
    release();
    await settled(el);
    const empty = inList(el, '[part="empty"]')!;
    expect(empty.textContent).to.contain('No invoices yet');
    await expectAccessible(el, 'invoices empty');
    buttonIn(empty, 'New invoice')!.click();
    await until(() => dialogOf(el).dialog.open, 'the form to open');
  });

  it('shows an error with Retry when the API cannot be reached, and Retry loads the list', async () => {
    const business = await newBusiness({ invoices: ['Juma Said'] });
    await executeServerCommand('dashboard-api', { up: false });
    let el: ListPage<unknown>;
    try {
      el = await mountPage<ListPage<unknown>>('pc-page-invoices', clientFor(business.secretKey));
      expect(el.listState).to.equal('error');
      expect(inList(el, '[role="alert"]')!.textContent).to.contain('Could not load Invoices');
      await expectAccessible(el, 'invoices error');
    } finally {
      await executeServerCommand('dashboard-api', { up: true });
    }
    buttonIn(list(el).shadowRoot!, 'Retry')!.click();
    await settled(el);
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0]).to.contain('Juma Said');
  });

  it('creating an invoice with its payment link shows the link, a copy button and the QR code', async () => {
    const business = await newBusiness();
    const el = await mountPage<ListPage<unknown>>('pc-page-invoices', clientFor(business.secretKey));
    buttonIn(el.shadowRoot!, 'New invoice')!.click();
    await until(() => dialogOf(el).dialog.open, 'the form to open');
    await expectAccessible(el, 'new invoice form');
    fill(el, 'name', 'Asha Bakari');
    fill(el, 'email', 'asha@example.com');
    fill(el, 'description', 'Term 1 fees');
    fill(el, 'amount', 'abc');
    await submitDialog(el);
    expect(dialogOf(el).dialog.open).to.equal(true);
    // A bad amount is stopped by the field itself (its pattern), before any request.
    expect((dialogOf(el).querySelector('[name="amount"]') as HTMLInputElement).validity.patternMismatch).to.equal(true);
    fill(el, 'amount', '1,250.50');
    await submitDialog(el);
    expect(dialogOf(el).dialog.open).to.equal(false);
    await until(() => el.shadowRoot!.querySelector('[data-panel="link"]') !== null, 'the link panel');
    const panel = el.shadowRoot!.querySelector('[data-panel="link"]')!;
    expect(panel.querySelector('[data-link]')!.textContent).to.match(/^http:\/\/127\.0\.0\.1:\d+\/p\/pl_/);
    expect(panel.querySelector('pc-copy-button')).to.not.equal(null);
    const qr = panel.querySelector('pc-qr-code')!.shadowRoot!.querySelector('img')!;
    expect(qr.src).to.match(/\/v1\/payment-links\/pl_[^/]+\/qr\.svg$/);
    await until(() => qr.complete && qr.naturalWidth > 0, 'the QR code to load');
    await settled(el);
    expect(rows(el)[0]).to.contain('Asha Bakari');
    expect(rows(el)[0]).to.match(/TZS\s?1,250\.50/);
    await expectAccessible(el, 'invoice created, link shown');

    // The payment links page lists it, with its copy button and QR.
    const links = await mountPage<ListPage<unknown>>('pc-page-payment-links', clientFor(business.secretKey));
    expect(rows(links)).to.have.length(1);
    (list(links).shadowRoot!.querySelector('button[aria-label^="QR code for"]') as HTMLButtonElement).click();
    await until(() => links.shadowRoot!.querySelector('[data-panel="link"] pc-qr-code') !== null, 'the QR from the list');
    await expectAccessible(links, 'payment links');
  });

  it('settlements: a failed batch opens to its lines, and Retry submits it again (paid)', async () => {
    const business = await newBusiness();
    const { batchId } = await executeServerCommand<{ batchId: string }, object>('dashboard-failed-settlement', {
      secretKey: business.secretKey,
      entityId: 'ST-MARYS',
    });
    const el = await mountPage<ListPage<unknown>>('pc-page-settlements', clientFor(business.secretKey));
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0]).to.contain('ST-MARYS').and.contain('Failed');
    (list(el).shadowRoot!.querySelector('button[aria-label^="Lines of the ST-MARYS batch"]') as HTMLButtonElement).click();
    await until(() => el.shadowRoot!.querySelector('[data-panel="batch"]') !== null, 'the batch panel');
    await until(() => list(el, 1).state === 'ready', 'the lines');
    await list(el, 1).updateComplete;
    const lines = rows(el, 1);
    expect(lines.some((l) => l.startsWith('Payment') && /pay_/.test(l))).to.equal(true, lines.join(' | '));
    await expectAccessible(el, 'failed settlement with lines');
    const panel = el.shadowRoot!.querySelector('[data-panel="batch"]')!;
    buttonIn(panel, 'Retry payout')!.click();
    await until(() => (panel.querySelector('[role="status"]')?.textContent ?? '').includes('Submitted again'), 'the retry');
    expect(panel.querySelector('[role="status"]')!.textContent).to.contain('attempt 2');
    // The machine pays the retry; its callback marks the batch PAID.
    await until(() => rows(el)[0]?.includes('Paid') === true, 'the batch to be paid', 10_000).catch(async () => {
      await (el as ListPage<unknown>).reload();
      await until(() => rows(el)[0]?.includes('Paid') === true, `batch ${batchId} paid`, 10_000);
    });
  });

  it('financed payments: an authorized one takes its invoice upload (the multipart mutation)', async () => {
    const business = await newBusiness();
    await executeServerCommand('dashboard-authorized-financing', { secretKey: business.secretKey, orderId: 'ORDER-77' });
    const el = await mountPage<ListPage<unknown>>('pc-page-financed-payments', clientFor(business.secretKey));
    expect(rows(el)[0]).to.contain('ORDER-77').and.contain('Authorized').and.contain('Awaiting');
    buttonIn(list(el).shadowRoot!, 'Upload invoices for ORDER-77')!.click();
    await until(() => dialogOf(el).dialog.open, 'the upload form');
    await expectAccessible(el, 'upload form');
    fill(el, 'number', 'NF-1001');
    const input = dialogOf(el).querySelector('[name="file"]') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(new File(['%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'], 'nf-1001.pdf', { type: 'application/pdf' }));
    input.files = files.files;
    await submitDialog(el);
    expect(dialogOf(el).error).to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Invoice NF-1001 sent to the lender');
    await settled(el);
    expect(rows(el)[0]).to.contain('NF-1001').and.not.contain('Awaiting');
  });

  it('ledger and settlement entities show journal lines, balances and what KYC still misses', async () => {
    const business = await newBusiness();
    await executeServerCommand('dashboard-failed-settlement', { secretKey: business.secretKey, entityId: 'KIOSK' });
    const ledger = await mountPage<ListPage<unknown>>('pc-page-ledger', clientFor(business.secretKey));
    await until(() => list(ledger, 1).state === 'ready', 'the accounts');
    await list(ledger, 1).updateComplete;
    expect(rows(ledger).length).to.be.greaterThan(0);
    expect(rows(ledger).some((r) => /Dr TZS/.test(r) && /Cr TZS/.test(r))).to.equal(true);
    expect(rows(ledger, 1).some((r) => /TZS/.test(r))).to.equal(true);
    await expectAccessible(ledger, 'ledger');
    const entities = await mountPage<ListPage<unknown>>('pc-page-settlement-entities', clientFor(business.secretKey));
    expect(rows(entities)[0]).to.contain('KIOSK').and.contain('Pending');
    const missing = [...inList(entities, '[data-missing]')!.querySelectorAll('li')].map((li) => li.dataset.code);
    expect(missing).to.include('MOBILE_MONEY_ACCOUNT_SCREENSHOT').and.include('SAMPLE_INVOICE');
    await expectAccessible(entities, 'settlement entities');
  });
});

describe('creating from the dashboard', () => {
  it('bills: New bill makes a bill and shows its link; submitting again after a lost answer is the same bill', async () => {
    const business = await newBusiness();
    const real = clientFor(business.secretKey);
    let loseAnswer = true;
    // The request reaches the server, its answer does not reach the page (a dropped connection).
    const flaky: GraphQLClient = async <T>(query: string, variables?: Record<string, unknown>, options?: { idempotencyKey?: string }) => {
      const answer = await real<T>(query, variables, options);
      if (loseAnswer && query.includes('createBill')) {
        loseAnswer = false;
        throw new Error('The connection was lost.');
      }
      return answer;
    };
    const el = await mountPage<ListPage<unknown>>('pc-page-bills', flaky);
    expect(inList(el, '[part="empty"]')!.textContent).to.contain('No bills yet');
    buttonIn(el.shadowRoot!, 'New bill')!.click();
    await until(() => dialogOf(el).dialog.open, 'the form');
    fill(el, 'email', 'mzazi@example.com');
    fill(el, 'amount', '25,000.50');
    fill(el, 'narration', 'Term 1 fees');
    await expectAccessible(el, 'new bill form');
    await submitDialog(el);
    expect(dialogOf(el).error).to.contain('The connection was lost.');
    await submitDialog(el);
    expect(dialogOf(el).error).to.equal(null);
    const panel = el.shadowRoot!.querySelector('[data-panel="bill-created"]')!;
    expect(panel.textContent).to.match(/TZS\s?25,000\.50/);
    expect(panel.querySelector('[data-link]')!.textContent).to.match(/^https?:\/\/\S+$/);
    await settled(el);
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0])
      .to.contain('mzazi@example.com')
      .and.match(/TZS\s?25,000\.50/);
    await expectAccessible(el, 'bill created');

    const search = el.shadowRoot!.querySelector('input[type="search"]') as HTMLInputElement;
    search.value = 'nobody@';
    search.dispatchEvent(new Event('input'));
    await until(() => el.listState === 'ready' && inList(el, '[part="empty"]')?.textContent?.includes('No matches') === true, 'no match');
    search.value = 'MZAZI';
    search.dispatchEvent(new Event('input'));
    await until(() => el.listState === 'ready' && rows(el).length === 1, 'the search');
  });

  it('Lipa numbers: the form says what is missing first, then issues a number with the fee on top', async () => {
    const business = await newBusiness({ entities: ['ST-MARYS'] });
    const client = clientFor(business.secretKey);
    const el = await mountPage<ListPage<unknown>>('pc-page-lipa-numbers', client);
    buttonIn(el.shadowRoot!, 'New Lipa number')!.click();
    await until(() => dialogOf(el).dialog.open, 'the form');
    expect(dialogOf(el).querySelector('[data-missing-choice]')!.textContent).to.contain('Register an app first');
    dialogOf(el).close();

    const registered = await client<{ registerApp: { userErrors: unknown[] } }>(
      `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { userErrors { code message } } }`,
      { input: { appId: 'SCHOOLFEES', name: 'School fees', callbackUrl: 'https://93.184.216.34/hooks' } },
    );
    expect(registered.registerApp.userErrors).to.deep.equal([]);
    buttonIn(el.shadowRoot!, 'New Lipa number')!.click();
    await until(() => dialogOf(el).dialog.open && !dialogOf(el).querySelector('[data-missing-choice]'), 'the form with choices');
    expect((dialogOf(el).querySelector('[name="entityId"]') as HTMLSelectElement).value).to.equal('ST-MARYS');
    expect((dialogOf(el).querySelector('[name="appId"]') as HTMLSelectElement).value).to.equal('SCHOOLFEES');
    fill(el, 'name', 'Term 1 fees');
    fill(el, 'amount', '500,000.00');
    fill(el, 'memo', 'INV-2026-001');
    await expectAccessible(el, 'new Lipa number form');
    await submitDialog(el);
    expect(dialogOf(el).error).to.equal(null);
    const panel = el.shadowRoot!.querySelector('[data-panel="alias-issued"]')!;
    expect(panel.textContent)
      .to.match(/\b\d{8}\b/)
      .and.match(/TZS\s?502,500\.00/)
      .and.match(/TZS\s?2,500\.00/);
    await settled(el);
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0]).to.contain('Term 1 fees').and.contain('ST-MARYS');
    await expectAccessible(el, 'Lipa number issued');
  });

  it('settlement entities: Pay out now pays a MANUAL entity; a second time there is nothing to pay', async () => {
    const business = await newBusiness();
    await executeServerCommand('dashboard-payable-entity', { secretKey: business.secretKey, entityId: 'DUKA' });
    const el = await mountPage<ListPage<unknown>>('pc-page-settlement-entities', clientFor(business.secretKey));
    expect(rows(el)[0]).to.contain('DUKA').and.contain('Pay out now');
    const status = () => el.shadowRoot!.querySelector('[role="status"]');
    buttonIn(list(el).shadowRoot!, 'Pay out now to Entity DUKA')!.click();
    await until(() => (status()?.textContent ?? '').includes('A payout of'), 'the payout');
    expect(status()!.textContent).to.match(/A payout of TZS\s?[1-9][\d,]*\.\d\d to Entity DUKA/);
    expect(status()!.classList.contains('success')).to.equal(true);
    await expectAccessible(el, 'payout made');
    await settled(el);
    buttonIn(list(el).shadowRoot!, 'Pay out now to Entity DUKA')!.click();
    await until(() => status()?.classList.contains('error') === true, 'the refusal');
    expect(status()!.textContent).to.contain('below its minimum payout; nothing was created');
  });
});

describe('what a role may do', () => {
  const READ_ONLY = ['invoices:read', 'checkouts:read', 'settlements:read', 'ledger:read', 'till_alias:read'];

  it('a read-only user sees lists without Create, row actions or the empty state’s call to action', async () => {
    const empty = await newBusiness();
    const none = await mountPage<ListPage<unknown>>('pc-page-bills', clientFor(empty.secretKey), { scopes: READ_ONLY });
    expect(inList(none, '[part="empty"]')!.textContent).to.contain('No bills yet');
    expect(inList(none, '[part="empty"] button')).to.equal(null);
    expect(buttonIn(none.shadowRoot!, 'New bill')).to.equal(undefined);
    await expectAccessible(none, 'read-only empty bills');

    const business = await newBusiness({ invoices: ['Neema Mushi'] });
    await executeServerCommand('dashboard-payable-entity', { secretKey: business.secretKey, entityId: 'DUKA' });
    const invoices = await mountPage<ListPage<unknown>>('pc-page-invoices', clientFor(business.secretKey), { scopes: READ_ONLY });
    expect(rows(invoices)[0]).to.contain('Neema Mushi').and.not.contain('Payment link');
    expect(buttonIn(invoices.shadowRoot!, 'New invoice')).to.equal(undefined);
    const entities = await mountPage<ListPage<unknown>>('pc-page-settlement-entities', clientFor(business.secretKey), { scopes: READ_ONLY });
    expect(rows(entities)[0]).to.contain('DUKA').and.contain('Manual').and.not.contain('Pay out now');

    // The same pages for a role that may (FINANCE holds these scopes): the actions are there.
    const finance = [...READ_ONLY, 'invoices:write', 'checkouts:write', 'settlements:write'];
    const invoicesAgain = await mountPage<ListPage<unknown>>('pc-page-invoices', clientFor(business.secretKey), { scopes: finance });
    expect(buttonIn(invoicesAgain.shadowRoot!, 'New invoice')).to.not.equal(undefined);
    expect(rows(invoicesAgain)[0]).to.contain('Payment link');
    const entitiesAgain = await mountPage<ListPage<unknown>>('pc-page-settlement-entities', clientFor(business.secretKey), { scopes: finance });
    expect(rows(entitiesAgain)[0]).to.contain('Pay out now');
  });
});

describe('operator console', () => {
  it('KYC review: the operator records the documents and approves; the entity leaves the pending queue', async () => {
    const operator = clientFor(await executeServerCommand<string, object>('dashboard-operator-key', {}));
    const target = await executeServerCommand<{ entityId: string; secretKey: string }, object>('dashboard-pending-kyc', { entityId: `KYC-${Date.now()}` });
    const el = await mountPage<ListPage<unknown>>('pc-page-operator-kyc', operator);
    const review = list(el).shadowRoot!.querySelector(`button[aria-label="Review ${target.entityId}"]`) as HTMLButtonElement;
    expect(review).to.not.equal(null);
    review.click();
    await until(() => dialogOf(el).dialog.open, 'the review form');
    const dialog = dialogOf(el);
    const unmet = [...dialog.querySelectorAll('li[data-met="false"]')].map((li) => (li as HTMLElement).dataset.code);
    expect(unmet).to.deep.equal(['MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE']);
    await expectAccessible(el, 'KYC review form');
    // Approving before the documents are in is refused with the server's reason.
    (dialog.querySelector('input[value="APPROVED"]') as HTMLInputElement).checked = true;
    fill(el, 'reason', 'Documents verified');
    await submitDialog(el);
    expect(dialog.error).to.contain('MOBILE_MONEY_ACCOUNT_SCREENSHOT');
    for (const box of dialog.querySelectorAll<HTMLInputElement>('input[name="documents"]')) box.checked = true;
    await submitDialog(el);
    expect(dialog.error).to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain(`${target.entityId}: KYC approved`);
    await settled(el);
    expect(rows(el).some((r) => r.includes(target.entityId))).to.equal(false);

    // The merchant sees it approved, nothing missing.
    const entities = await mountPage<ListPage<unknown>>('pc-page-settlement-entities', clientFor(target.secretKey));
    expect(rows(entities)[0]).to.contain('Approved').and.contain('Nothing');
  });

  it('businesses: search by name, filter by plan, onboard one and see its test key once', async () => {
    const operator = clientFor(await executeServerCommand<string, object>('dashboard-operator-key', {}));
    const unique = `Mwenge Books ${Date.now()}`;
    await newBusiness({ name: unique });
    const el = await mountPage<ListPage<unknown>>('pc-page-operator-businesses', operator);
    const search = el.shadowRoot!.querySelector('input[type="search"]') as HTMLInputElement;
    search.value = unique.toLowerCase();
    search.dispatchEvent(new Event('input'));
    await until(() => el.listState === 'ready' && rows(el).length === 1, 'the search');
    expect(rows(el)[0]).to.contain(unique).and.contain('Enterprise');
    const plan = el.shadowRoot!.querySelector('select[name="plan"]') as HTMLSelectElement;
    plan.value = 'RETAIL';
    plan.dispatchEvent(new Event('change'));
    await settled(el);
    expect(inList(el, '[part="empty"]')!.textContent).to.contain('No matches');
    await expectAccessible(el, 'businesses, no match');

    buttonIn(el.shadowRoot!, 'New business')!.click();
    await until(() => dialogOf(el).dialog.open, 'the form');
    fill(el, 'name', `${unique} Two`);
    await submitDialog(el);
    const panel = el.shadowRoot!.querySelector('[data-panel="onboarded"]')!;
    expect(panel.querySelector('[data-secret]')!.textContent).to.match(/^sk_test_/);
    await expectAccessible(el, 'business onboarded');
  });

  it('businesses: the operator changes a plan from the list; the row and the filter follow', async () => {
    const operator = clientFor(await executeServerCommand<string, object>('dashboard-operator-key', {}));
    const unique = `Msasani Pharmacy ${Date.now()}`;
    await newBusiness({ name: unique });
    const el = await mountPage<ListPage<unknown>>('pc-page-operator-businesses', operator);
    const search = el.shadowRoot!.querySelector('input[type="search"]') as HTMLInputElement;
    search.value = unique;
    search.dispatchEvent(new Event('input'));
    await until(() => el.listState === 'ready' && rows(el).length === 1, 'the search');

    buttonIn(list(el).shadowRoot!, `Change the plan of ${unique}`)!.click();
    const planDialog = el.shadowRoot!.querySelector('pc-form-dialog#change-plan') as FormDialog;
    await until(() => planDialog.dialog.open, 'the plan dialog');
    expect(planDialog.heading).to.equal(`Change the plan of ${unique}`);
    const select = planDialog.querySelector('select[name="plan"]') as HTMLSelectElement;
    expect(select.value).to.equal('ENTERPRISE');
    await expectAccessible(el, 'change plan dialog');
    select.value = 'RETAIL';
    buttonIn(planDialog.shadowRoot!, 'Change plan')!.click();
    await until(() => !planDialog.dialog.open, 'the plan change');
    await until(() => el.listState === 'ready' && rows(el)[0]?.includes('Retail') === true, 'the row to show Retail');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain(`${unique} is now on the Retail plan.`);

    const plan = el.shadowRoot!.querySelector('select[name="plan"]') as HTMLSelectElement;
    plan.value = 'RETAIL';
    plan.dispatchEvent(new Event('change'));
    await settled(el);
    expect(rows(el)).to.have.length(1);
  });
});

after(async () => {
  await setViewport({ width: 1280, height: 900 });
});
