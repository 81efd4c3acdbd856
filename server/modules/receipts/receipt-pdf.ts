import PDFDocument from 'pdfkit';
import { formatMinor } from '../../domain/money.ts';
import { methodName, receiptTime, type PublicReceipt } from './receipts.service.ts';

/**
 * The receipt as a one-page A4 PDF (pdfkit, its standard Helvetica: no font files to ship). Amounts
 * carry the currency code, since the standard fonts have no ₦.
 */
export function receiptPdf(receipt: PublicReceipt, logo: Uint8Array | null = null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Receipt ${receipt.number}`, Author: receipt.merchant.name, Subject: `Receipt ${receipt.number} from ${receipt.merchant.name}` },
    lang: 'en',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const money = (minor: bigint) => formatMinor(minor, receipt.currency, { code: true });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const muted = '#555555';

  let top = 56;
  if (logo) {
    try {
      doc.image(Buffer.from(logo), left, top, { fit: [160, 40] });
      top += 52;
    } catch {
      // An image pdfkit cannot read still leaves the merchant's name.
    }
  }
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#111111').text(receipt.merchant.name, left, top, { width });
  if (receipt.testMode) doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10).fillColor('#b54708').text('TEST MODE - no real money moved');
  doc.moveDown(1).font('Helvetica').fontSize(11).fillColor(muted).text('Receipt');
  doc.font('Helvetica-Bold').fontSize(14).fillColor('#111111').text(receipt.number);
  doc.moveDown(1).font('Helvetica').fontSize(11).fillColor(muted).text('Amount paid');
  doc.font('Helvetica-Bold').fontSize(24).fillColor('#111111').text(money(receipt.amountMinor));
  doc.moveDown(0.8);

  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.font('Helvetica').fontSize(11).fillColor(muted).text(label, left, y, { width: 160 });
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor('#111111')
      .text(value, left + 170, y, { width: width - 170 });
    doc.moveDown(0.4);
  };
  row('Paid on', receiptTime(receipt.paidAt));
  const method = methodName(receipt.method);
  if (method) row('Method', method);
  if (receipt.invoiceNumber) row('Invoice', receipt.invoiceNumber);
  if (receipt.customerName) row('Billed to', receipt.customerName);
  if (receipt.description) row('For', receipt.description);

  if (receipt.lineItems.length) {
    doc.moveDown(0.8);
    // Item, quantity, unit and amount columns: [x, width, align].
    const cols: Array<[number, number, 'left' | 'right']> = [
      [left, width * 0.44, 'left'],
      [left + width * 0.44, width * 0.08, 'right'],
      [left + width * 0.52, width * 0.23, 'right'],
      [left + width * 0.75, width * 0.25, 'right'],
    ];
    const cells = (values: string[], bold = false) => {
      const y = doc.y;
      let bottom = y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
      values.forEach((value, i) => {
        const [x, w, align] = cols[i]!;
        doc.text(value, x, y, { width: w, align });
        bottom = Math.max(bottom, doc.y);
      });
      doc.x = left;
      doc.y = bottom;
    };
    doc.fontSize(10).fillColor(muted);
    cells(['Item', 'Qty', 'Unit', 'Amount'], true);
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + width, doc.y + 2)
      .strokeColor('#dddddd')
      .stroke();
    doc.moveDown(0.4).fillColor('#111111');
    for (const line of receipt.lineItems) {
      cells([line.description, String(line.quantity), money(line.unitAmountMinor), money(line.amountMinor)]);
      doc.moveDown(0.3);
    }
    if (receipt.totalMinor !== null) {
      doc
        .moveTo(left, doc.y)
        .lineTo(left + width, doc.y)
        .strokeColor('#dddddd')
        .stroke();
      doc.moveDown(0.4);
      cells(['Total', '', '', money(receipt.totalMinor)], true);
    }
  }

  doc.moveDown(1);
  if (receipt.amountDueAfterMinor !== null) {
    doc.x = left;
    row(
      receipt.amountDueAfterMinor > 0n ? 'Still due after this' : 'Balance',
      receipt.amountDueAfterMinor > 0n ? money(receipt.amountDueAfterMinor) : 'Paid in full',
    );
  }

  const contact = [receipt.merchant.supportEmail, receipt.merchant.supportPhone].filter(Boolean).join('  ·  ');
  doc.moveDown(2).font('Helvetica').fontSize(9).fillColor(muted);
  doc.x = left;
  if (contact) doc.text(`Questions about this payment? ${contact}`, { width });
  if (receipt.merchant.securedBy) doc.text(`Secured by ${receipt.merchant.securedBy}`, { width });
  doc.end();
  return done;
}
