import { html } from 'lit';
import { amountField, qrBlock, type KindView } from './view.ts';

/** A payment link: the partial amount field where allowed, and its QR code. */
export const paymentLinkView: KindView = (context) => html`${amountField(context)} ${context.sandbox} ${qrBlock(context)}`;
