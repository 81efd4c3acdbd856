/**
 * The invoice the receipt, public-checkout and screenshot tests (and the receipt bench) collect
 * against: three lines, NGN 202,500.00 in all, a long first description so wrapping shows.
 */
export const THREE_LINE_INVOICE = {
  customer: { name: 'Adaeze Obi-Okonkwo', email: 'ada.private@example.com' },
  currency: 'NGN',
  lineItems: [
    { description: 'Brand identity: logo, palette and a two-page style guide', quantity: 1, unitAmountMinor: 15_000_000 },
    { description: 'Business cards (box of 250)', quantity: 3, unitAmountMinor: 1_250_000 },
    { description: 'Delivery', quantity: 1, unitAmountMinor: 250_000 },
  ],
  dueDate: '2026-12-31',
} as const;
