/** Everything the checkout says, in each supported locale. Amounts are formatted separately (Intl). */
export interface Messages {
  loading: string;
  notFound: string;
  loadError: string;
  amountDue: (invoiceNumber: string | null) => string;
  paid: (receiptNumber: string | null) => string;
  expired: string;
  canceled: string;
  reconnecting: string;
  testMode: string;
  payTest: string;
  payTestCard: string;
  payTestTransfer: string;
  payTestDeclined: string;
  processing: string;
  declined: string;
}

const en: Messages = {
  loading: 'Loading…',
  notFound: 'This checkout does not exist.',
  loadError: 'The checkout could not be loaded. Please try again.',
  amountDue: (invoice) => `Amount due${invoice ? ` for invoice ${invoice}` : ''}`,
  paid: (receipt) => `Paid${receipt ? ` — receipt ${receipt}` : ''}`,
  expired: 'This checkout has expired.',
  canceled: 'This checkout was canceled.',
  reconnecting: 'Reconnecting…',
  testMode: 'test mode',
  payTest: 'Pay (test)',
  payTestCard: 'Pay (test): card',
  payTestTransfer: 'Pay (test): bank transfer',
  payTestDeclined: 'Pay (test): declined card',
  processing: 'Processing test payment…',
  declined: 'The test card was declined. No money moved.',
};

const ptBR: Messages = {
  loading: 'Carregando…',
  notFound: 'Esta cobrança não existe.',
  loadError: 'Não foi possível carregar a cobrança. Tente novamente.',
  amountDue: (invoice) => `Valor a pagar${invoice ? ` da fatura ${invoice}` : ''}`,
  paid: (receipt) => `Pago${receipt ? ` — recibo ${receipt}` : ''}`,
  expired: 'Esta cobrança expirou.',
  canceled: 'Esta cobrança foi cancelada.',
  reconnecting: 'Reconectando…',
  testMode: 'modo de teste',
  payTest: 'Pagar (teste)',
  payTestCard: 'Pagar (teste): cartão',
  payTestTransfer: 'Pagar (teste): transferência',
  payTestDeclined: 'Pagar (teste): cartão recusado',
  processing: 'Processando pagamento de teste…',
  declined: 'O cartão de teste foi recusado. Nenhum valor foi movimentado.',
};

const sw: Messages = {
  loading: 'Inapakia…',
  notFound: 'Malipo haya hayapo.',
  loadError: 'Imeshindikana kupakia malipo. Tafadhali jaribu tena.',
  amountDue: (invoice) => `Kiasi kinachodaiwa${invoice ? ` kwa ankara ${invoice}` : ''}`,
  paid: (receipt) => `Imelipwa${receipt ? ` — risiti ${receipt}` : ''}`,
  expired: 'Muda wa malipo haya umekwisha.',
  canceled: 'Malipo haya yameghairiwa.',
  reconnecting: 'Inaunganisha upya…',
  testMode: 'hali ya majaribio',
  payTest: 'Lipa (jaribio)',
  payTestCard: 'Lipa (jaribio): kadi',
  payTestTransfer: 'Lipa (jaribio): uhamisho wa benki',
  payTestDeclined: 'Lipa (jaribio): kadi iliyokataliwa',
  processing: 'Malipo ya jaribio yanashughulikiwa…',
  declined: 'Kadi ya jaribio imekataliwa. Hakuna pesa iliyohamishwa.',
};

const fr: Messages = {
  loading: 'Chargement…',
  notFound: 'Ce paiement n’existe pas.',
  loadError: 'Impossible de charger le paiement. Veuillez réessayer.',
  amountDue: (invoice) => `Montant dû${invoice ? ` pour la facture ${invoice}` : ''}`,
  paid: (receipt) => `Payé${receipt ? ` — reçu ${receipt}` : ''}`,
  expired: 'Ce paiement a expiré.',
  canceled: 'Ce paiement a été annulé.',
  reconnecting: 'Reconnexion…',
  testMode: 'mode test',
  payTest: 'Payer (test)',
  payTestCard: 'Payer (test) : carte',
  payTestTransfer: 'Payer (test) : virement',
  payTestDeclined: 'Payer (test) : carte refusée',
  processing: 'Paiement de test en cours…',
  declined: 'La carte de test a été refusée. Aucun argent n’a bougé.',
};

export const SUPPORTED_LOCALES = ['en', 'pt-BR', 'sw', 'fr'] as const;

/** The closest supported locale: `pt-PT` → pt-BR, `sw-TZ` → sw, `fr-CI` → fr, anything else → en. */
export function resolveLocale(requested: string | null | undefined): (typeof SUPPORTED_LOCALES)[number] {
  const language = (requested ?? '').toLowerCase().split('-')[0];
  if (language === 'pt') return 'pt-BR';
  if (language === 'sw') return 'sw';
  if (language === 'fr') return 'fr';
  return 'en';
}

export function messagesFor(locale: string | null | undefined): Messages {
  return { en, 'pt-BR': ptBR, sw, fr }[resolveLocale(locale)];
}
