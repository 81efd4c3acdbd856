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
  /** The failed state's status line; the reason is shown beside it. */
  failed: string;
  unreachable: string;
  redirecting: (site: string) => string;
  continueNow: string;
  returnTo: (site: string) => string;
  amountLabel: string;
  amountInvalid: string;
  amountTooHigh: (due: string) => string;
  amountTooLow: string;
  qrAlt: (amount: string) => string;
  copyLink: string;
  copied: string;
  holdCard: string;
  timeLeft: (clock: string) => string;
  /** Bills. */
  amountBelowMinimum: (least: string) => string;
  billAmountRange: (least: string, most: string | null) => string;
  raised: (paid: string, target: string) => string;
  expiresIn: (clock: string) => string;
  transferTitle: string;
  transferExactly: (amount: string) => string;
  transferRange: (least: string, most: string | null) => string;
  bankName: string;
  accountNumber: string;
  accountName: string;
  reference: string;
  copy: (what: string) => string;
  copiedValue: (what: string) => string;
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
  failed: 'Payment failed. You can try again.',
  unreachable: 'The payment service could not be reached.',
  redirecting: (site) => `Redirecting you to ${site}…`,
  continueNow: 'Continue now',
  returnTo: (site) => `Return to ${site}`,
  amountLabel: 'Amount to pay',
  amountInvalid: 'Enter an amount such as 1,000.50.',
  amountTooHigh: (due) => `That is more than is due (${due}).`,
  amountTooLow: 'Enter an amount above zero.',
  qrAlt: (amount) => `QR code: scan with your banking app to pay ${amount}`,
  copyLink: 'Copy payment link',
  copied: 'Payment link copied.',
  holdCard: 'Hold the card near the device.',
  timeLeft: (clock) => `Time left: ${clock}`,
  amountBelowMinimum: (least) => `The least you can pay is ${least}.`,
  billAmountRange: (least, most) => (most ? `Pay between ${least} and ${most}.` : `Pay ${least} or more.`),
  raised: (paid, target) => `${paid} of ${target} collected`,
  expiresIn: (clock) => `Expires in ${clock}`,
  transferTitle: 'Pay by bank transfer',
  transferExactly: (amount) => `Transfer exactly ${amount} to this account:`,
  transferRange: (least, most) => (most ? `Transfer between ${least} and ${most} to this account:` : `Transfer ${least} or more to this account:`),
  bankName: 'Bank',
  accountNumber: 'Account number',
  accountName: 'Account name',
  reference: 'Reference',
  copy: (what) => `Copy ${what.toLowerCase()}`,
  copiedValue: (what) => `${what} copied.`,
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
  failed: 'O pagamento falhou. Você pode tentar novamente.',
  unreachable: 'Não foi possível contatar o serviço de pagamento.',
  redirecting: (site) => `Redirecionando você para ${site}…`,
  continueNow: 'Continuar agora',
  returnTo: (site) => `Voltar para ${site}`,
  amountLabel: 'Valor a pagar agora',
  amountInvalid: 'Informe um valor como 1.000,50.',
  amountTooHigh: (due) => `É mais do que o valor devido (${due}).`,
  amountTooLow: 'Informe um valor acima de zero.',
  qrAlt: (amount) => `Código QR: leia com o app do banco para pagar ${amount}`,
  copyLink: 'Copiar link de pagamento',
  copied: 'Link de pagamento copiado.',
  holdCard: 'Aproxime o cartão do dispositivo.',
  timeLeft: (clock) => `Tempo restante: ${clock}`,
  amountBelowMinimum: (least) => `O mínimo que você pode pagar é ${least}.`,
  billAmountRange: (least, most) => (most ? `Pague entre ${least} e ${most}.` : `Pague ${least} ou mais.`),
  raised: (paid, target) => `${paid} de ${target} arrecadados`,
  expiresIn: (clock) => `Expira em ${clock}`,
  transferTitle: 'Pague por transferência bancária',
  transferExactly: (amount) => `Transfira exatamente ${amount} para esta conta:`,
  transferRange: (least, most) => (most ? `Transfira entre ${least} e ${most} para esta conta:` : `Transfira ${least} ou mais para esta conta:`),
  bankName: 'Banco',
  accountNumber: 'Número da conta',
  accountName: 'Nome da conta',
  reference: 'Referência',
  copy: (what) => `Copiar ${what.toLowerCase()}`,
  copiedValue: (what) => `${what} copiado.`,
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
  failed: 'Malipo hayakufanikiwa. Unaweza kujaribu tena.',
  unreachable: 'Huduma ya malipo haipatikani.',
  redirecting: (site) => `Tunakupeleka ${site}…`,
  continueNow: 'Endelea sasa',
  returnTo: (site) => `Rudi ${site}`,
  amountLabel: 'Kiasi cha kulipa',
  amountInvalid: 'Weka kiasi kama 1,000.50.',
  amountTooHigh: (due) => `Hicho ni zaidi ya kinachodaiwa (${due}).`,
  amountTooLow: 'Weka kiasi kilicho juu ya sifuri.',
  qrAlt: (amount) => `Msimbo wa QR: skani kwa programu ya benki kulipa ${amount}`,
  copyLink: 'Nakili kiungo cha malipo',
  copied: 'Kiungo cha malipo kimenakiliwa.',
  holdCard: 'Shikilia kadi karibu na kifaa.',
  timeLeft: (clock) => `Muda uliobaki: ${clock}`,
  amountBelowMinimum: (least) => `Kiasi cha chini unachoweza kulipa ni ${least}.`,
  billAmountRange: (least, most) => (most ? `Lipa kati ya ${least} na ${most}.` : `Lipa ${least} au zaidi.`),
  raised: (paid, target) => `${paid} kati ya ${target} zimekusanywa`,
  expiresIn: (clock) => `Inaisha baada ya ${clock}`,
  transferTitle: 'Lipa kwa uhamisho wa benki',
  transferExactly: (amount) => `Hamisha ${amount} kamili kwenda akaunti hii:`,
  transferRange: (least, most) => (most ? `Hamisha kati ya ${least} na ${most} kwenda akaunti hii:` : `Hamisha ${least} au zaidi kwenda akaunti hii:`),
  bankName: 'Benki',
  accountNumber: 'Namba ya akaunti',
  accountName: 'Jina la akaunti',
  reference: 'Kumbukumbu',
  copy: (what) => `Nakili ${what.toLowerCase()}`,
  copiedValue: (what) => `${what} imenakiliwa.`,
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
  failed: 'Le paiement a échoué. Vous pouvez réessayer.',
  unreachable: 'Le service de paiement est injoignable.',
  redirecting: (site) => `Redirection vers ${site}…`,
  continueNow: 'Continuer maintenant',
  returnTo: (site) => `Retourner sur ${site}`,
  amountLabel: 'Montant à payer',
  amountInvalid: 'Saisissez un montant comme 1 000,50.',
  amountTooHigh: (due) => `C’est plus que le montant dû (${due}).`,
  amountTooLow: 'Saisissez un montant supérieur à zéro.',
  qrAlt: (amount) => `Code QR : scannez-le avec votre application bancaire pour payer ${amount}`,
  copyLink: 'Copier le lien de paiement',
  copied: 'Lien de paiement copié.',
  holdCard: 'Approchez la carte de l’appareil.',
  timeLeft: (clock) => `Temps restant : ${clock}`,
  amountBelowMinimum: (least) => `Le minimum que vous pouvez payer est ${least}.`,
  billAmountRange: (least, most) => (most ? `Payez entre ${least} et ${most}.` : `Payez ${least} ou plus.`),
  raised: (paid, target) => `${paid} collectés sur ${target}`,
  expiresIn: (clock) => `Expire dans ${clock}`,
  transferTitle: 'Payer par virement bancaire',
  transferExactly: (amount) => `Virez exactement ${amount} sur ce compte :`,
  transferRange: (least, most) => (most ? `Virez entre ${least} et ${most} sur ce compte :` : `Virez ${least} ou plus sur ce compte :`),
  bankName: 'Banque',
  accountNumber: 'Numéro de compte',
  accountName: 'Titulaire du compte',
  reference: 'Référence',
  copy: (what) => `Copier ${what.toLowerCase()}`,
  copiedValue: (what) => `${what} copié.`,
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
