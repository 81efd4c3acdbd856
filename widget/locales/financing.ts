// What a payment request's view says (installment financing), per built-in locale: in the view's
// own chunk (views/payment-request.ts), not in the element's first load. An integrator's locale
// gets English here unless it registers these keys too (registerLocale takes any of them).
import type { Messages } from './en.ts';

export const financingEn = {
  taxIdLabel: 'Company CNPJ',
  taxIdInvalid: 'Enter a valid CNPJ (14 characters, e.g. 11.222.333/0001-81).',
  plansLegend: 'Choose your installments',
  plan: (count: number, installment: string, total: string, cet: string | null) =>
    `${count}× ${installment} · total ${total} · ${cet === null ? 'interest-free' : `CET ${cet} a month`}`,
  firstInstallment: (date: string) => `First installment on ${date}`,
  requestFinancing: 'Request financing',
  sending: 'Sending…',
  analysing: 'The lender is analysing your request…',
  approved: (count: number, installment: string) => `Approved: ${count}× ${installment}.`,
  awaitingInvoice: "The merchant will now send the invoice; you don't need to do anything else.",
  capturing: 'Invoice approved: the lender is paying the merchant.',
  refused: 'The lender did not approve this financing.',
  financingProblem: {
    TAX_ID_MISMATCH: 'This request is for another company.',
    NOT_OPEN: 'This request is no longer open.',
    FINANCING_IN_PROGRESS: 'A financing for this request is already under way.',
    INVALID_TAX_ID: 'Enter a valid CNPJ.',
  } as Record<string, string>,
  testApprovedCnpj: 'Fill in an approved CNPJ (test)',
  testRefusedCnpj: 'Fill in the refused CNPJ (test)',
  testSendInvoice: 'Send the sample invoice (test)',
};

export type FinancingMessages = typeof financingEn;

const financingPtBR: FinancingMessages = {
  taxIdLabel: 'CNPJ da empresa',
  taxIdInvalid: 'Informe um CNPJ válido (14 caracteres, ex.: 11.222.333/0001-81).',
  plansLegend: 'Escolha o parcelamento',
  plan: (count, installment, total, cet) => `${count}× ${installment} · total ${total} · ${cet === null ? 'sem juros' : `CET ${cet} a.m.`}`,
  firstInstallment: (date) => `Primeira parcela em ${date}`,
  requestFinancing: 'Solicitar financiamento',
  sending: 'Enviando…',
  analysing: 'A financeira está analisando seu pedido…',
  approved: (count, installment) => `Aprovado: ${count}× ${installment}.`,
  awaitingInvoice: 'O lojista vai enviar a nota fiscal; você não precisa fazer mais nada.',
  capturing: 'Nota fiscal aprovada: a financeira está pagando o lojista.',
  refused: 'A financeira não aprovou este financiamento.',
  financingProblem: {
    TAX_ID_MISMATCH: 'Este pedido é para outra empresa.',
    NOT_OPEN: 'Este pedido não está mais aberto.',
    FINANCING_IN_PROGRESS: 'Já há um financiamento em andamento para este pedido.',
    INVALID_TAX_ID: 'Informe um CNPJ válido.',
  },
  testApprovedCnpj: 'Preencher um CNPJ aprovado (teste)',
  testRefusedCnpj: 'Preencher o CNPJ recusado (teste)',
  testSendInvoice: 'Enviar a nota fiscal de exemplo (teste)',
};

const financingFr: FinancingMessages = {
  taxIdLabel: 'CNPJ de l’entreprise',
  taxIdInvalid: 'Saisissez un CNPJ valide (14 caractères, p. ex. 11.222.333/0001-81).',
  plansLegend: 'Choisissez vos mensualités',
  plan: (count, installment, total, cet) => `${count}× ${installment} · total ${total} · ${cet === null ? 'sans intérêts' : `TAEG ${cet} par mois`}`,
  firstInstallment: (date) => `Première mensualité le ${date}`,
  requestFinancing: 'Demander le financement',
  sending: 'Envoi…',
  analysing: 'Le prêteur étudie votre demande…',
  approved: (count, installment) => `Accepté : ${count}× ${installment}.`,
  awaitingInvoice: 'Le marchand va envoyer la facture ; vous n’avez rien d’autre à faire.',
  capturing: 'Facture acceptée : le prêteur paie le marchand.',
  refused: 'Le prêteur n’a pas accepté ce financement.',
  financingProblem: {
    TAX_ID_MISMATCH: 'Cette demande concerne une autre entreprise.',
    NOT_OPEN: 'Cette demande n’est plus ouverte.',
    FINANCING_IN_PROGRESS: 'Un financement est déjà en cours pour cette demande.',
    INVALID_TAX_ID: 'Saisissez un CNPJ valide.',
  },
  testApprovedCnpj: 'Remplir un CNPJ accepté (test)',
  testRefusedCnpj: 'Remplir le CNPJ refusé (test)',
  testSendInvoice: 'Envoyer la facture d’exemple (test)',
};

const financingSw: FinancingMessages = {
  taxIdLabel: 'CNPJ ya kampuni',
  taxIdInvalid: 'Weka CNPJ sahihi (herufi 14, mfano 11.222.333/0001-81).',
  plansLegend: 'Chagua awamu zako',
  plan: (count, installment, total, cet) => `${count}× ${installment} · jumla ${total} · ${cet === null ? 'bila riba' : `CET ${cet} kwa mwezi`}`,
  firstInstallment: (date) => `Awamu ya kwanza tarehe ${date}`,
  requestFinancing: 'Omba mkopo',
  sending: 'Inatuma…',
  analysing: 'Mkopeshaji anachunguza ombi lako…',
  approved: (count, installment) => `Imekubaliwa: ${count}× ${installment}.`,
  awaitingInvoice: 'Mfanyabiashara atatuma ankara; huhitaji kufanya kitu kingine.',
  capturing: 'Ankara imekubaliwa: mkopeshaji anamlipa mfanyabiashara.',
  refused: 'Mkopeshaji hakukubali mkopo huu.',
  financingProblem: {
    TAX_ID_MISMATCH: 'Ombi hili ni la kampuni nyingine.',
    NOT_OPEN: 'Ombi hili halipo wazi tena.',
    FINANCING_IN_PROGRESS: 'Tayari kuna mkopo unaoendelea kwa ombi hili.',
    INVALID_TAX_ID: 'Weka CNPJ sahihi.',
  },
  testApprovedCnpj: 'Jaza CNPJ iliyokubaliwa (jaribio)',
  testRefusedCnpj: 'Jaza CNPJ iliyokataliwa (jaribio)',
  testSendInvoice: 'Tuma ankara ya mfano (jaribio)',
};

const builtIn: Record<string, FinancingMessages> = { en: financingEn, 'pt-BR': financingPtBR, fr: financingFr, sw: financingSw };

/** The view's words for a resolved locale: the built-in ones under whatever the locale's messages say (a registered override wins). */
export const financingMessagesFor = (locale: string, messages: Messages): Messages & FinancingMessages => ({
  ...(builtIn[locale] ?? financingEn),
  ...(messages as Messages & Partial<FinancingMessages>),
});
