import { html } from 'lit';
import type { GraphQLClient } from '../api/client.ts';
import { formAmount, userErrorText, type FormValues } from '../ui/index.ts';

export interface CreatedLink {
  id: string;
  paymentUrl: string;
  qrCodeUrl: string;
  invoiceNumber: string;
}

const CREATE_INVOICE = `mutation ($input: CreateInvoiceInput!) {
  createInvoice(input: $input) { invoice { id number } userErrors { code field message } }
}`;
const CREATE_LINK = `mutation ($input: CreatePaymentLinkInput!) {
  createPaymentLink(input: $input) { paymentLink { id paymentUrl qrCodeUrl invoice { number } } userErrors { code field message } }
}`;

/** The fields of "new invoice" / "new payment link": who pays, what for, how much, by when. */
export function invoiceFields(currency: string, withLinkChoice: boolean) {
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  return html`<label for="f-name">Customer name</label><input id="f-name" name="name" required maxlength="200" autocomplete="off" />
    <label for="f-email">Customer email</label><input id="f-email" name="email" type="email" required autocomplete="off" />
    <label for="f-description">What it is for</label><input id="f-description" name="description" required maxlength="200" />
    <label for="f-amount">Amount (${currency})</label
    ><input id="f-amount" name="amount" required inputmode="decimal" pattern="[0-9][0-9,]*([.][0-9]*)?" placeholder="1,250.00" />
    <input type="hidden" name="currency" .value=${currency} />
    <label for="f-due">Due date</label
    ><input id="f-due" name="dueDate" type="date" required .value=${due} />
    ${withLinkChoice ? html`<label><input type="checkbox" name="withLink" checked /> Create a payment link to send</label>` : ''}`;
}

/** Creates the invoice (and, if asked, its payment link) from the form; answers an error message or the result. */
export async function createInvoiceAndLink(
  client: GraphQLClient,
  values: FormValues,
  withLink: boolean,
): Promise<{ error: string } | { invoiceNumber: string; link: CreatedLink | null }> {
  const currency = String(values.currency);
  const amount = formAmount(String(values.amount), currency, '1,250.00');
  if ('error' in amount) return amount;
  const created = await client<{ createInvoice: { invoice: { id: string; number: string } | null; userErrors: { message: string }[] } }>(CREATE_INVOICE, {
    input: {
      customer: { name: String(values.name), email: String(values.email) },
      currency,
      dueDate: String(values.dueDate),
      lineItems: [{ description: String(values.description), quantity: 1, unitAmountMinor: amount.minor }],
    },
  });
  const invoice = created.createInvoice.invoice;
  if (!invoice) return { error: userErrorText(created.createInvoice) ?? 'The invoice was not created.' };
  if (!withLink) return { invoiceNumber: invoice.number, link: null };
  const link = await createLinkFor(client, invoice.id);
  if ('error' in link) return { error: `Invoice ${invoice.number} was created, but not its link: ${link.error}` };
  return { invoiceNumber: invoice.number, link };
}

export async function createLinkFor(client: GraphQLClient, invoiceId: string): Promise<CreatedLink | { error: string }> {
  const made = await client<{
    createPaymentLink: {
      paymentLink: { id: string; paymentUrl: string; qrCodeUrl: string; invoice: { number: string } } | null;
      userErrors: { message: string }[];
    };
  }>(CREATE_LINK, { input: { invoiceId, expiresInHours: 24 * 7 } });
  const link = made.createPaymentLink.paymentLink;
  if (!link) return { error: userErrorText(made.createPaymentLink) ?? 'The link was not created.' };
  return { id: link.id, paymentUrl: link.paymentUrl, qrCodeUrl: link.qrCodeUrl, invoiceNumber: link.invoice.number };
}

/** A link to send: the URL with a copy button, and its QR code. */
export function linkPanel(link: CreatedLink, onClose: () => void) {
  return html`<section class="panel" aria-labelledby="link-heading" data-panel="link">
    <h2 id="link-heading">Payment link for ${link.invoiceNumber}</h2>
    <p class="mono" data-link>${link.paymentUrl}</p>
    <div class="row-actions start">
      <pc-copy-button .value=${link.paymentUrl} label="Copy link"></pc-copy-button>
      <a class="button" href=${link.paymentUrl} target="_blank" rel="noopener">Open</a>
      <button type="button" @click=${onClose}>Done</button>
    </div>
    <pc-qr-code .src=${link.qrCodeUrl} label="QR code for the payment link of ${link.invoiceNumber}"></pc-qr-code>
  </section>`;
}

/** The business's default currency, for new invoices. */
export async function defaultCurrency(client: GraphQLClient): Promise<string> {
  const data = await client<{ viewer: { business: { defaultCurrency: string } | null } }>('query { viewer { business { defaultCurrency } } }');
  return data.viewer.business?.defaultCurrency ?? 'TZS';
}
