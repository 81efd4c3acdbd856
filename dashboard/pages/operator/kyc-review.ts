import { css, html, nothing } from 'lit';
import { ListPage, statusOptions, userErrorText, type Column, type FormValues, statusBadge } from '../../ui/index.ts';

interface ReviewRow {
  id: string;
  businessId: string;
  mode: 'TEST' | 'LIVE';
  entityId: string;
  name: string;
  settlementMethod: string;
  kycStatus: string;
  kycDocumentsReceived: string[];
  kycRequirements: { code: string; description: string; met: boolean }[];
}

/** The documents kept per entity (seed 002, "Per settlement entity"); which apply follows its settlement method. */
const DOCUMENTS: [code: string, label: string, method: string | null][] = [
  ['BANK_STATEMENT', 'Recent bank statement (≤ 3 months) confirming the account', 'BANK'],
  ['MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'Screenshot of the Lipa Number or merchant account showing the account name', 'MOBILE_MONEY'],
  ['SAMPLE_INVOICE', 'Sample invoice or receipt template for end customers', null],
];

/** Seed 002: what the operating company submits once (checked by compliance outside this console). */
const COMPANY_DOCUMENTS = [
  'Certificate of incorporation / business licence',
  'TIN (Tax Identification Number) certificate',
  'VAT certificate if VAT-registered',
  'Memorandum & articles of association',
  'Board resolution authorising the use of the platform and naming the signatories',
  'Beneficial owners (≥ 10 %): full names, IDs, residential addresses',
  "Directors' national IDs or passports",
  'Recent utility bill or bank statement showing the registered address',
  'AML / CTF declaration (signed), sanctions screening consent, data processing agreement',
  'Maximum expected monthly volume, average transaction size, jurisdictions operated in',
];

const REVIEW = `mutation ($input: ReviewSettlementEntityKycInput!) {
  reviewSettlementEntityKyc(input: $input) { settlementEntity { id kycStatus kycDocumentsReceived } userErrors { code field message } }
}`;

/** Operator console: settlement entities of every business awaiting KYC; review one against the seed's document list. */
export class OperatorKycReviewPage extends ListPage<ReviewRow> {
  static override properties = { ...ListPage.properties, reviewing: { state: true }, notice: { state: true } };
  static override styles = [
    ...ListPage.styles,
    css`
      ul.reqs {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 0.25rem;
      }
      fieldset {
        border: 1px solid var(--pc-border);
        border-radius: 0.5rem;
        display: grid;
        gap: 0.5rem;
      }
      details {
        margin-top: 1.25rem;
      }
    `,
  ];
  declare reviewing: ReviewRow | null;
  declare notice: string;
  readonly heading = 'KYC review';
  readonly listLabel = 'Settlement entities to review';
  override readonly filters = [{ variable: 'kycStatus', label: 'KYC status', options: statusOptions(['PENDING', 'APPROVED', 'REJECTED']) }];
  override readonly emptyTitle = 'Nothing to review';
  override readonly emptyText = 'Settlement entities that businesses create show here until their KYC is decided.';
  readonly query = `query ($first: Int, $after: String, $kycStatus: KycStatus) {
    kycReviews(first: $first, after: $after, kycStatus: $kycStatus) {
      edges { node { id businessId mode entityId name settlementMethod kycStatus kycDocumentsReceived kycRequirements { code description met } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.reviewing = null;
    this.notice = '';
    this.filterValues = { kycStatus: 'PENDING' };
  }
  connectionOf(data: unknown) {
    return (data as { kycReviews: ReturnType<ListPage<ReviewRow>['connectionOf']> }).kycReviews;
  }
  columns(): Column<ReviewRow>[] {
    return [
      { header: 'Entity', cell: (r) => html`${r.name}<br /><span class="muted mono">${r.entityId}</span>` },
      { header: 'Business', cell: (r) => html`<span class="mono">${r.businessId}</span><br /><span class="muted">${r.mode.toLowerCase()} mode</span>` },
      { header: 'Method', cell: (r) => (r.settlementMethod === 'BANK' ? 'Bank' : 'Mobile money') },
      { header: 'KYC', cell: (r) => statusBadge(r.kycStatus) },
      { header: 'Missing', align: 'end', cell: (r) => `${r.kycRequirements.filter((q) => !q.met).length} of ${r.kycRequirements.length}` },
      { header: 'Actions', cell: (r) => html`<button type="button" aria-label="Review ${r.entityId}" @click=${() => void this.#open(r)}>Review</button>` },
    ];
  }
  async #open(row: ReviewRow) {
    this.reviewing = row;
    this.notice = '';
    await this.updateComplete;
    await this.dialog.open();
  }
  async #review(values: FormValues): Promise<string | null> {
    const row = this.reviewing!;
    const result = await this.client!<{
      reviewSettlementEntityKyc: { settlementEntity: { kycStatus: string } | null; userErrors: { message: string }[] };
    }>(REVIEW, {
      input: {
        businessId: row.businessId,
        mode: row.mode,
        entityId: row.entityId,
        status: String(values.status),
        reason: String(values.reason),
        documentsReceived: values.documents as string[],
      },
    });
    const error = userErrorText(result.reviewSettlementEntityKyc);
    if (error) return error;
    this.notice = `${row.entityId}: KYC ${result.reviewSettlementEntityKyc.settlementEntity!.kycStatus.toLowerCase()}.`;
    void this.reload();
    return null;
  }
  protected override renderPanel() {
    return html`${this.notice ? html`<p role="status" class="banner success">${this.notice}</p>` : nothing}
      <details>
        <summary>What the operating company submits once (seed 002)</summary>
        <ul>
          ${COMPANY_DOCUMENTS.map((d) => html`<li>${d}</li>`)}
        </ul>
      </details>`;
  }
  protected override renderExtras() {
    const row = this.reviewing;
    return html`<pc-form-dialog heading=${row ? `Review ${row.name}` : 'Review'} submit-label="Save review" .action=${(v: FormValues) => this.#review(v)}>
      ${
        row
          ? html`<ul class="reqs" aria-label="Requirements">
                ${row.kycRequirements.map((q) => html`<li data-code=${q.code} data-met=${String(q.met)}>${q.met ? '✓' : '✗'} ${q.description}${q.met ? '' : ' — missing'}</li>`)}
              </ul>
              <fieldset>
                <legend>Documents received</legend>
                ${DOCUMENTS.filter(([, , method]) => method === null || method === row.settlementMethod).map(
                  ([code, label]) =>
                    html`<label
                      ><input
                        type="checkbox"
                        name="documents"
                        value=${code}
                        .checked=${row.kycDocumentsReceived.includes(code)}
                        ?disabled=${row.kycDocumentsReceived.includes(code)}
                      />
                      ${label}</label
                    >`,
                )}
              </fieldset>
              <fieldset>
                <legend>Decision</legend>
                <label><input type="radio" name="status" value="APPROVED" required /> Approve</label>
                <label><input type="radio" name="status" value="REJECTED" /> Reject</label>
                ${row.kycStatus === 'REJECTED' ? html`<label><input type="radio" name="status" value="PENDING" /> Reopen</label>` : nothing}
              </fieldset>
              <label for="k-reason">Reason (kept in the audit trail and sent to the business)</label>
              <textarea id="k-reason" name="reason" required maxlength="500" rows="3"></textarea>`
          : nothing
      }
    </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-operator-kyc')) customElements.define('pc-page-operator-kyc', OperatorKycReviewPage);
