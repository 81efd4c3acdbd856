import { css, html, LitElement } from 'lit';
import { baseStyles } from './styles.ts';

/** Copies `value` to the clipboard and says so (to screen readers too). `<pc-copy-button .value=${url} label="Copy link">`. */
export class CopyButton extends LitElement {
  static override properties = { value: { type: String }, label: { type: String }, copied: { state: true } };
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
      }
      [role='status'] {
        color: var(--pc-success);
        font-size: 0.875rem;
      }
    `,
  ];
  declare value: string;
  declare label: string;
  declare copied: boolean | 'failed';
  #timer: ReturnType<typeof setTimeout> | undefined;
  constructor() {
    super();
    this.value = '';
    this.label = 'Copy';
    this.copied = false;
  }
  async #copy() {
    try {
      await navigator.clipboard.writeText(this.value);
      this.copied = true;
      this.dispatchEvent(new CustomEvent('copied', { detail: this.value, bubbles: true, composed: true }));
    } catch {
      this.copied = 'failed';
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.copied = false), 2500);
  }
  override render() {
    return html`<button type="button" @click=${this.#copy}>${this.label}</button
      ><span role="status">${this.copied === true ? 'Copied' : this.copied === 'failed' ? 'Select and copy it by hand' : ''}</span>`;
  }
}
if (!customElements.get('pc-copy-button')) customElements.define('pc-copy-button', CopyButton);
