import { css, html, LitElement } from 'lit';
import { baseStyles } from './styles.ts';

/**
 * A checkout's QR code as the server renders it (its `qrCodeUrl`; the `.svg` twin is crisp at any
 * size), on a white tile in dark mode too, since phone cameras want dark modules on light.
 */
export class QrCode extends LitElement {
  static override properties = { src: { type: String }, label: { type: String }, size: { type: Number } };
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      figure {
        margin: 0;
        padding: 0.5rem;
        background: #fff;
        border-radius: 0.5rem;
        border: 1px solid var(--pc-border);
        line-height: 0;
      }
    `,
  ];
  declare src: string;
  declare label: string;
  declare size: number;
  constructor() {
    super();
    this.src = '';
    this.label = 'QR code';
    this.size = 160;
  }
  override render() {
    const svg = this.src.replace(/\/qr\.png$/, '/qr.svg');
    return html`<figure><img src=${svg} alt=${this.label} width=${this.size} height=${this.size} /></figure>`;
  }
}
if (!customElements.get('pc-qr-code')) customElements.define('pc-qr-code', QrCode);
