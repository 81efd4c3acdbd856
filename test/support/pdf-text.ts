import { inflateSync } from 'node:zlib';

/**
 * The text a PDF's pages draw, for assertions: each content stream inflated, the strings of its
 * text operators (Tj, TJ) decoded (standard fonts: one byte a character). Enough for pdfkit's output.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const op of content.matchAll(/\[((?:[^\]\\]|\\.)*)\]\s*TJ|(<[0-9a-fA-F]*>|\((?:[^)\\]|\\.)*\))\s*Tj/g)) {
      const parts = (op[1] ?? op[2]!).match(/<[0-9a-fA-F]*>|\((?:[^)\\]|\\.)*\)/g) ?? [];
      texts.push(
        parts
          .map((part) => (part.startsWith('<') ? Buffer.from(part.slice(1, -1), 'hex').toString('latin1') : part.slice(1, -1).replace(/\\([()\\])/g, '$1')))
          .join(''),
      );
    }
  }
  return texts.join('\n');
}
