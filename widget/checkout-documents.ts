// The widget's GraphQL documents, as literal strings: `gql.tada` reads their types from them at
// compile time (widget/graphql-types.ts), and `npm run widget:types:check` validates them against
// schema/schema.graphql. Nothing here parses GraphQL in the browser.

const CHECKOUT_FIELDS = `id kind status customerName dueDate description
  merchant { name logoUrl brandColor brandTextColor supportEmail supportPhone securedBy }
  lineItems { description quantity unitAmount { amountMinor } amount { amountMinor } }
  lastPayment { amount { amountMinor } paidAt method receiptNumber receiptUrl } minorDigits allowPartialPayment expiresAt invoiceNumber receiptNumber testMode qrCodeUrl paymentUrl redirectUrl
  total { amountMinor currency } amountPaid { amountMinor } amountDue { amountMinor } minimumPayment { amountMinor } maximumPayment { amountMinor }
  bill { paymentRef type isFlexible narration targetAmount { amountMinor } virtualAccount { accountNumber bankName accountName } }
  tillAlias { alias payeeName memo merchantAmount { amountMinor } fee { amountMinor } expectedTotal { amountMinor } exactAmountOnly }

  paymentRequest { customerTaxId financingStatus installmentsCountMin installmentsCountMax
    plans { installmentsCount installmentAmount { amountMinor } customerTotal { amountMinor } interestFree cetMonthly firstInstallmentDate }
    financing { status installmentsCount installmentAmount { amountMinor } customerTotal { amountMinor } firstInstallmentDate cancelReason } }`;

export const CHECKOUT_QUERY = `query ($id: ID!) { checkout(id: $id) { ${CHECKOUT_FIELDS} } }` as const;

export const CHECKOUT_SUBSCRIPTION = `subscription ($id: ID!) { checkoutUpdated(id: $id) { ${CHECKOUT_FIELDS} } }` as const;

export const PAY_IN_SANDBOX_MUTATION =
  `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result userErrors { message } } }` as const;

export const REQUEST_FINANCING_MUTATION =
  `mutation ($input: RequestFinancingInput!) { requestFinancing(input: $input) { status userErrors { code message } } }` as const;

export const SEND_SAMPLE_INVOICE_MUTATION =
  `mutation ($input: SendSampleInvoiceInSandboxInput!) { sendSampleInvoiceInSandbox(input: $input) { invoiceStatus userErrors { message } } }` as const;
