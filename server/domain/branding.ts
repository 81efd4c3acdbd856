import { isHexColor, textColorOn } from './contrast.ts';

/**
 * A merchant's checkout branding, checked as pure functions: a logo (an https URL or an uploaded
 * image as a data: URL), a brand colour and a support contact.
 */

/** Decoded bytes: a base64 data URL of this fits under the API's 256 KB body limit. */
export const LOGO_MAX_BYTES = 160 * 1024;

/** Raster images only: an SVG can carry script. */
export const LOGO_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;
export type LogoContentType = keyof typeof LOGO_TYPES;

export type LogoInput =
  | { ok: true; kind: 'url'; url: string }
  | { ok: true; kind: 'image'; contentType: LogoContentType; bytes: Buffer }
  | { ok: false; code: 'INVALID_LOGO_URL' | 'UNSUPPORTED_LOGO_TYPE' | 'LOGO_TOO_LARGE'; message: string };

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)(;[a-z0-9=-]+)*;base64,([A-Za-z0-9+/\s]*={0,2})$/i;

/** Whether the bytes are what the content type says (the first bytes of each format). */
function bytesAre(type: LogoContentType, bytes: Buffer): boolean {
  if (type === 'image/png') return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (type === 'image/jpeg') return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
}

export function parseLogo(value: string): LogoInput {
  if (value.startsWith('data:')) {
    const match = DATA_URL.exec(value);
    if (!match) return { ok: false, code: 'UNSUPPORTED_LOGO_TYPE', message: 'An uploaded logo is a base64 data: URL of a PNG, JPEG or WebP image.' };
    const type = match[1]!.toLowerCase();
    if (!(type in LOGO_TYPES)) return { ok: false, code: 'UNSUPPORTED_LOGO_TYPE', message: `A logo is a PNG, JPEG or WebP image (not ${type}).` };
    const contentType = type as LogoContentType;
    // Checked on the encoded length first, so a huge upload is not decoded to be refused.
    if ((match[3]!.replace(/\s/g, '').length * 3) / 4 > LOGO_MAX_BYTES + 2) return tooLarge();
    const bytes = Buffer.from(match[3]!, 'base64');
    if (bytes.length > LOGO_MAX_BYTES) return tooLarge();
    if (!bytesAre(contentType, bytes)) return { ok: false, code: 'UNSUPPORTED_LOGO_TYPE', message: `The uploaded bytes are not a ${type} image.` };
    return { ok: true, kind: 'image', contentType, bytes };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalidUrl();
  }
  if (url.protocol !== 'https:' || url.username || url.password || value.length > 2048) return invalidUrl();
  return { ok: true, kind: 'url', url: url.href };
}

const tooLarge = (): LogoInput => ({ ok: false, code: 'LOGO_TOO_LARGE', message: `An uploaded logo is at most ${LOGO_MAX_BYTES / 1024} KB.` });
const invalidUrl = (): LogoInput => ({
  ok: false,
  code: 'INVALID_LOGO_URL',
  message: 'A logo is an https:// URL (at most 2048 characters) or an uploaded image (data:image/png;base64,…).',
});

export type BrandColorCheck =
  { ok: true; color: string; textColor: string } | { ok: false; code: 'INVALID_BRAND_COLOR' | 'BRAND_COLOR_CONTRAST'; message: string };

/** A `#rrggbb` colour whose button text (white or near-black) reaches WCAG AA; stored lower-case. */
export function checkBrandColor(value: string): BrandColorCheck {
  if (!isHexColor(value)) return { ok: false, code: 'INVALID_BRAND_COLOR', message: 'A brand colour is #rrggbb, e.g. #0a66c2.' };
  const color = value.toLowerCase();
  const textColor = textColorOn(color);
  if (!textColor) {
    return {
      ok: false,
      code: 'BRAND_COLOR_CONTRAST',
      message: `Neither white nor dark text on ${color} reaches the 4.5:1 contrast a button needs (WCAG AA); choose a darker or lighter shade.`,
    };
  }
  return { ok: true, color, textColor };
}

/**
 * A support phone number in E.164 (+ country code and number, 8 to 15 digits; seed 002 writes them
 * so: +255712111222). Spaces, dashes, dots and brackets people type are dropped; null if it is not one.
 */
export function normalizePhone(value: string): string | null {
  const compact = value.replace(/[\s().-]/g, '');
  return /^\+[1-9][0-9]{7,14}$/.test(compact) ? compact : null;
}
