import { css, html, LitElement, nothing } from 'lit';
import { baseStyles } from './styles.ts';

export type FormValues = Record<string, string | string[] | File[] | boolean>;

/**
 * A modal form (native <dialog>: focus kept inside, Escape closes, focus goes back where it was).
 * The fields are the element's children (label + input/select/textarea with a `name`), so a page's
 * own markup is the form; `action` gets their values and answers an error to show, or null to close.
 */
export class FormDialog extends LitElement {
  static override properties = {
    heading: { type: String },
    submitLabel: { type: String, attribute: 'submit-label' },
    action: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      dialog {
        width: min(32rem, calc(100vw - 1.5rem));
        max-height: calc(100vh - 2rem);
        border: 1px solid var(--pc-border);
        border-radius: 0.75rem;
        background: var(--pc-bg);
        color: var(--pc-fg);
        padding: 1.25rem;
      }
      dialog::backdrop {
        background: rgb(16 24 40 / 0.6);
      }
      .fields {
        display: grid;
        /* minmax(0, …): a select with a long option shrinks to the dialog instead of widening past it. */
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
        margin: 1rem 0;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .banner {
        margin-top: 0.75rem;
      }
    `,
  ];
  declare heading: string;
  declare submitLabel: string;
  declare action: ((values: FormValues) => Promise<string | null>) | undefined;
  declare busy: boolean;
  declare error: string | null;
  constructor() {
    super();
    this.heading = '';
    this.submitLabel = 'Save';
    this.busy = false;
    this.error = null;
  }

  get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector('dialog')!;
  }

  async open(): Promise<void> {
    this.error = null;
    await this.updateComplete;
    this.dialog.showModal();
    (this.querySelector('[autofocus], input, select, textarea') as HTMLElement | null)?.focus();
  }

  close(): void {
    this.dialog.close();
  }

  #controls(): (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[] {
    return [...this.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input[name], select[name], textarea[name]')];
  }

  /** The children's values: checkboxes sharing a name are a list, one alone a boolean; file inputs their files. */
  values(): FormValues {
    const values: FormValues = {};
    const controls = this.#controls();
    for (const control of controls) {
      const name = control.name;
      if (control instanceof HTMLInputElement && control.type === 'checkbox') {
        const group = controls.filter((c) => c.name === name);
        if (group.length === 1) values[name] = control.checked;
        else values[name] = [...((values[name] as string[] | undefined) ?? []), ...(control.checked ? [control.value] : [])];
      } else if (control instanceof HTMLInputElement && control.type === 'radio') {
        if (control.checked) values[name] = control.value;
      } else if (control instanceof HTMLInputElement && control.type === 'file') {
        values[name] = [...(control.files ?? [])];
      } else {
        values[name] = control.value;
      }
    }
    return values;
  }

  async #submit(event: Event) {
    event.preventDefault();
    if (this.busy) return;
    const invalid = this.#controls().find((c) => !c.checkValidity());
    if (invalid) {
      invalid.reportValidity();
      invalid.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      this.error = this.action ? await this.action(this.values()) : null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
    if (this.error === null) this.close();
  }

  #keydown(event: KeyboardEvent) {
    // Enter in a one-line field submits, as in any form (the fields are children, outside the shadow form).
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && target instanceof HTMLInputElement && !['checkbox', 'radio', 'file', 'button'].includes(target.type)) void this.#submit(event);
  }

  override render() {
    return html`<dialog aria-labelledby="heading" @keydown=${this.#keydown}>
      <form method="dialog" @submit=${this.#submit}>
        <h2 id="heading">${this.heading}</h2>
        <div class="fields"><slot></slot></div>
        <div class="actions">
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? 'Working…' : this.submitLabel}</button>
        </div>
        ${this.error ? html`<p class="banner error" role="alert">${this.error}</p>` : nothing}
      </form>
    </dialog>`;
  }
}
if (!customElements.get('pc-form-dialog')) customElements.define('pc-form-dialog', FormDialog);
