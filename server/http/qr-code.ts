import type { Context } from 'hono';
import QRCode from 'qrcode';

/** A QR code of `url` as PNG or SVG; the URL of a checkout never changes, so caches may keep it. */
export async function qrCodeResponse(c: Context, url: string, format: 'png' | 'svg') {
  const headers = { 'cache-control': 'public, max-age=86400, immutable' };
  if (format === 'svg') return c.body(await QRCode.toString(url, { type: 'svg', margin: 2 }), 200, { ...headers, 'content-type': 'image/svg+xml' });
  const png = await QRCode.toBuffer(url, { type: 'png', margin: 2, width: 320 });
  return c.body(new Uint8Array(png), 200, { ...headers, 'content-type': 'image/png' });
}
