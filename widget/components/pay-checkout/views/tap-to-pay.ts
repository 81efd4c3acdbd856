import { html, nothing } from 'lit';
import { amountField, countdown, qrBlock, type KindView } from './view.ts';

/** A tap-to-pay session: hold the card near the device while it counts down. */
export const tapToPayView: KindView = (context) => {
  const { view, text, now } = context;
  const clock = countdown(view.expiresAt, now);
  return html`${
    clock
      ? html`<p part="tap">${text.holdCard}</p>
          <p part="countdown">${text.timeLeft(clock)}</p>`
      : nothing
  }
  ${amountField(context)} ${context.sandbox} ${qrBlock(context)}`;
};
