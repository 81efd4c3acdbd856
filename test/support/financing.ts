import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { SANDBOX_LENDER_WEBHOOK_PATH, type SandboxLenderNotice } from '../../server/providers/sandbox-lender/lender-webhook.ts';
import { TEST_LENDER_SECRET, type TestServer } from './server.ts';

export const REQUEST_FIELDS = `id code url amount { amountMinor currency } currency installmentsCountMin installmentsCountMax customerTaxId orderId
  orderDescription meta merchantSubsidyType merchantSubsidyRate merchantSubsidyAmount { amountMinor } monthsUntilFirstPayment firstInstallmentDate
  expiresOn expiresAt financingStatus existingBorrower createdAt updatedAt
  installmentOptions { installmentsCount installmentAmount { amountMinor } customerTotal { amountMinor } interestFree monthlyRate cetMonthly cetYearly
    iof { amountMinor } merchantSubsidyAmount { amountMinor } merchantSubsidyRate merchantFee { amountMinor } merchantTotalAmount { amountMinor }
    firstInstallmentDate schedule { number dueDate amount { amountMinor } } }`;

export const CREATE_PAYMENT_REQUEST = `mutation ($input: CreatePaymentRequestInput!) {
  createPaymentRequest(input: $input) { paymentRequest { ${REQUEST_FIELDS} } userErrors { code field message } } }`;

export const PAYMENT_REQUEST = `query ($id: ID!) { paymentRequest(id: $id) { ${REQUEST_FIELDS} financedPayment { id status } } }`;

export const FINANCED_FIELDS = `id status invoiceStatus currency orderId orderDescription customerId customer { id legalName cnpj } amount { amountMinor }
  merchantSubsidyAmount { amountMinor } merchantSubsidyRate merchantFee { amountMinor } merchantTotalAmount { amountMinor } paymentType installmentsCount
  plan { installmentsCount installmentAmount { amountMinor } customerTotal { amountMinor } schedule { number dueDate amount { amountMinor } } }
  monthsUntilFirstPayment firstInstallmentDate paymentMeta { lenderPaidAt } merchantRecourseRate cancelReason journalEntryId
  invoices { number kind contentType sizeBytes sha256 } createdAt updatedAt paymentRequest { id financingStatus }`;

export const FINANCED_PAYMENT = `query ($id: ID!) { financedPayment(id: $id) { ${FINANCED_FIELDS} } }`;

export const REQUEST_FINANCING = `mutation ($input: RequestFinancingInput!) { requestFinancing(input: $input) { status userErrors { code field message } } }`;

export const CANCEL_FINANCED = `mutation ($id: ID!) { cancelFinancedPayment(input: { id: $id }) { financedPayment { id status cancelReason } userErrors { code field message } } }`;

export const CHECKOUT_FINANCING = `query ($id: ID!) { checkout(id: $id) { id kind status testMode amountDue { amountMinor } description
  paymentRequest { orderDescription customerTaxId financingStatus expiresOn installmentsCountMin installmentsCountMax
    plans { installmentsCount installmentAmount { amountMinor } customerTotal { amountMinor } cetMonthly interestFree firstInstallmentDate }
    financing { status installmentsCount installmentAmount { amountMinor } customerTotal { amountMinor } cancelReason lenderPaidAt } } } }`;

export const UPLOAD_INVOICES = `mutation ($input: UploadFinancedPaymentInvoicesInput!) {
  uploadFinancedPaymentInvoices(input: $input) { financedPayment { id status invoiceStatus invoices { number kind sizeBytes } } userErrors { code field message } } }`;

/** R$ 10.000,00, FREE, 3–6 installments: the example. */
export const freeRequest = (overrides: Record<string, unknown> = {}) => ({
  amountMinor: 1_000_000,
  currency: 'BRL',
  installmentsCountMin: 3,
  installmentsCountMax: 6,
  merchantSubsidyType: 'FREE',
  orderId: 'ORDER-91',
  orderDescription: 'Product A; Product B;',
  meta: { internal_id: 12345 },
  ...overrides,
});

export async function createRequest(server: TestServer, key: string, overrides: Record<string, unknown> = {}) {
  const result = await server.gql(CREATE_PAYMENT_REQUEST, { input: freeRequest(overrides) }, { key });
  const payload = result.body.data?.createPaymentRequest;
  if (!payload?.paymentRequest) throw new Error(`createPaymentRequest failed: ${JSON.stringify(result.body)}`);
  return payload.paymentRequest;
}

/** A minimal PDF, recognised by its bytes. */
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
export const SAMPLE_NFE = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00"><NFe><infNFe Id="NFe1"/></NFe></nfeProc>',
);

/** POST /graphql as a GraphQL multipart request (the multipart request spec), as a browser's FormData sends it. */
export async function uploadInvoices(
  server: TestServer,
  key: string | undefined,
  paymentId: string,
  files: Array<{ number: string; name: string; bytes: Uint8Array; type?: string }>,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({ query: UPLOAD_INVOICES, variables: { input: { paymentId, invoices: files.map((f) => ({ number: f.number, file: null })) } } }),
  );
  form.set('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.input.invoices.${i}.file`]]))));
  files.forEach((f, i) => form.set(String(i), new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': encoded.headers.get('content-type')!,
      'x-graphql-yoga-csrf': '1',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A lender notice signed as the sandbox lender signs, POSTed to its route. */
export async function deliverLenderNotice(server: TestServer, notice: SandboxLenderNotice, secret = TEST_LENDER_SECRET) {
  const body = JSON.stringify(notice);
  const response = await fetch(`${server.url}${SANDBOX_LENDER_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lender-signature': signPartnerBody(secret, body) },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

export const codesOf = (payload: { userErrors: Array<{ code: string; field?: string[] }> }) =>
  payload.userErrors.map((e) => `${e.code}:${(e.field ?? []).join('.')}`);
