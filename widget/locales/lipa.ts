// What a Lipa number's view says (till aliases, paid over TIPS), per built-in locale: in the view's
// own chunk (views/till-alias.ts), not in the element's first load. An integrator's locale gets
// English here unless it registers these keys too (registerLocale takes any of them).
import type { Messages } from './en.ts';

export const lipaEn = {
  lipaTitle: 'Pay with a Lipa number',
  lipaNumber: 'Lipa number',
  lipaAmount: 'Amount',
  lipaFee: 'Service fee',
  lipaTotal: 'Total to pay',
  lipaPayee: 'Pay to',
  copyLipa: 'Copy Lipa number',
  /** `typed` is the amount as keyed on a phone's keypad (502500), `exact` as it reads (TZS 502,500.00). */
  lipaSteps: (lipa: string, exact: { amount: string; typed: string } | null) => [
    'Open your mobile money menu or banking app and choose Lipa (pay by Lipa number).',
    `Enter Lipa number ${lipa}.`,
    exact ? `Enter exactly ${exact.amount} (type ${exact.typed}).` : 'Enter the amount you are paying.',
    'Check the name shown, then confirm with your PIN. This page updates once it is paid.',
  ],
};

export type LipaMessages = typeof lipaEn;

const lipaPtBR: LipaMessages = {
  lipaTitle: 'Pague com um número Lipa',
  lipaNumber: 'Número Lipa',
  lipaAmount: 'Valor',
  lipaFee: 'Taxa de serviço',
  lipaTotal: 'Total a pagar',
  lipaPayee: 'Beneficiário',
  copyLipa: 'Copiar número Lipa',
  lipaSteps: (lipa, exact) => [
    'Abra o menu de dinheiro móvel ou o app do seu banco e escolha Lipa (pagar por número Lipa).',
    `Digite o número Lipa ${lipa}.`,
    exact ? `Digite exatamente ${exact.amount} (${exact.typed}).` : 'Digite o valor que você vai pagar.',
    'Confira o nome exibido e confirme com seu PIN. Esta página é atualizada quando o pagamento chegar.',
  ],
};

const lipaFr: LipaMessages = {
  lipaTitle: 'Payer avec un numéro Lipa',
  lipaNumber: 'Numéro Lipa',
  lipaAmount: 'Montant',
  lipaFee: 'Frais de service',
  lipaTotal: 'Total à payer',
  lipaPayee: 'Bénéficiaire',
  copyLipa: 'Copier le numéro Lipa',
  lipaSteps: (lipa, exact) => [
    'Ouvrez le menu de mobile money ou votre application bancaire et choisissez Lipa (payer par numéro Lipa).',
    `Saisissez le numéro Lipa ${lipa}.`,
    exact ? `Saisissez exactement ${exact.amount} (tapez ${exact.typed}).` : 'Saisissez le montant que vous payez.',
    'Vérifiez le nom affiché, puis confirmez avec votre code PIN. Cette page se met à jour une fois le paiement reçu.',
  ],
};

const lipaSw: LipaMessages = {
  lipaTitle: 'Lipa kwa namba ya Lipa',
  lipaNumber: 'Namba ya Lipa',
  lipaAmount: 'Kiasi',
  lipaFee: 'Ada ya huduma',
  lipaTotal: 'Jumla ya kulipa',
  lipaPayee: 'Mlipwaji',
  copyLipa: 'Nakili namba ya Lipa',
  lipaSteps: (lipa, exact) => [
    'Fungua menyu ya pesa kwa simu au programu ya benki yako na uchague Lipa (lipa kwa namba ya Lipa).',
    `Weka namba ya Lipa ${lipa}.`,
    exact ? `Weka kiasi kamili cha ${exact.amount} (andika ${exact.typed}).` : 'Weka kiasi unacholipa.',
    'Hakikisha jina linaloonyeshwa, kisha thibitisha kwa PIN yako. Ukurasa huu utabadilika malipo yakikamilika.',
  ],
};

const builtIn: Record<string, LipaMessages> = { en: lipaEn, 'pt-BR': lipaPtBR, fr: lipaFr, sw: lipaSw };

/** The Lipa words for a locale, under the element's own messages (an integrator's override wins). */
export const lipaMessagesFor = (locale: string, messages: Messages): Messages & LipaMessages => ({
  ...(builtIn[locale] ?? lipaEn),
  ...(messages as Messages & Partial<LipaMessages>),
});
