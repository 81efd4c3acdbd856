import { tenantOf } from '../tenancy/tenant-scope.ts';
import { z } from 'zod';
import { newId } from '../../domain/ids.ts';
import { invoiceIssuedPosting } from '../../domain/ledger.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS } from '../../domain/money.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import { nextDocumentNumber } from '../numbering/numbering.service.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { codedFor, validateInput } from '../validation.ts';
import { Invoice, type INVOICE_STATUSES } from './invoice.entity.ts';

/** What createInvoice may answer (GraphQL `InvoiceErrorCode`). */
export const INVOICE_ERROR_CODES = errorCodes('INVALID_EMAIL', 'UNSUPPORTED_CURRENCY', 'INVALID_DATE', 'INVALID_NUMBER', 'AMOUNT_TOO_LARGE', 'NUMBER_TAKEN');
export type InvoiceErrorCode = (typeof INVOICE_ERROR_CODES)[number];
const coded = codedFor(INVOICE_ERROR_CODES);

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00.000Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const createInvoiceInput = z.object({
  customer: z.object({
    name: z.string().trim().min(1, 'Customer name is required.').max(200),
    email: z
      .string()
      .trim()
      .refine((v) => z.email().safeParse(v).success, coded('INVALID_EMAIL', 'Customer email is not a valid address.')),
  }),
  currency: z.string().refine(isSupportedCurrency, coded('UNSUPPORTED_CURRENCY', 'Currency is not a supported ISO 4217 code.')),
  lineItems: z
    .array(
      z.object({
        description: z.string().trim().min(1, 'Each line needs a description.').max(500),
        quantity: z.number().int().positive('Quantity is a positive whole number.').max(1_000_000),
        unitAmountMinor: z.number().int().positive('Unit amounts are positive minor units.'),
      }),
    )
    .min(1, 'An invoice needs at least one line item.')
    .max(100, 'An invoice has at most 100 line items.'),
  dueDate: z.string().refine(isCalendarDate, coded('INVALID_DATE', 'Due date is a calendar date, YYYY-MM-DD.')),
  number: z
    .string()
    .trim()
    .refine((v) => /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/.test(v), coded('INVALID_NUMBER', 'Invoice numbers are up to 40 letters, digits and . _ / -.'))
    .nullish(),
});

export async function createInvoice(ctx: RequestContext, input: z.input<typeof createInvoiceInput>): Promise<Payload<{ invoice: Invoice }, InvoiceErrorCode>> {
  const valid = validateInput(createInvoiceInput, input, INVOICE_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const { customer, currency, lineItems, dueDate, number } = valid.data;
  const total = lineItems.reduce((sum, item) => sum + BigInt(item.quantity) * BigInt(item.unitAmountMinor), 0n);
  if (total > BigInt(MAX_MINOR_UNITS)) {
    return rejected(userError('AMOUNT_TOO_LARGE', 'The invoice total exceeds 2^53 - 1 minor units.', ['input', 'lineItems']));
  }
  const caller = tenantOf(ctx);

  return ctx.em.transactional(async (em) => {
    if (number && (await em.count(Invoice, { number }))) {
      return rejected(userError('NUMBER_TAKEN', `Invoice number ${number} is already used.`, ['input', 'number']));
    }
    const now = ctx.clock.now();
    const invoice = em.create(Invoice, {
      id: newId('inv', now),
      business: caller.businessId,
      mode: caller.mode,
      number: number ?? (await nextDocumentNumber(em, caller.businessId, caller.mode, 'INV', now)),
      customerName: customer.name,
      customerEmail: customer.email,
      currency,
      lineItems,
      totalMinor: total,
      amountPaidMinor: 0n,
      status: 'OPEN',
      dueDate,
      createdAt: now,
    });
    await postJournal(em, {
      businessId: caller.businessId,
      mode: caller.mode,
      description: `Invoice ${invoice.number} issued`,
      source: `invoice:${invoice.id}`,
      at: now,
      lines: invoiceIssuedPosting(currency, total),
    });
    return { invoice, userErrors: [] };
  });
}

/** Another business's invoice, or one of the other mode, is not found. */
export function findInvoice(ctx: RequestContext, id: string): Promise<Invoice | null> {
  tenantOf(ctx);
  return ctx.em.findOne(Invoice, { id });
}

/** `search` is an ILIKE pattern (domain/search.ts) over the number, the customer's name and email. */
export function listInvoices(
  ctx: RequestContext,
  page: PageRequest,
  status?: (typeof INVOICE_STATUSES)[number] | null,
  search?: string | null,
): Promise<Invoice[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  const matching = search ? { $or: [{ number: { $ilike: search } }, { customerName: { $ilike: search } }, { customerEmail: { $ilike: search } }] } : {};
  return ctx.em.find(Invoice, { ...(status ? { status } : {}), ...matching, ...where }, { orderBy, limit });
}
