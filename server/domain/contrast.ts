/**
 * WCAG 2.x contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), for a merchant's brand
 * colour: the button text drawn on it must reach AA for normal text (4.5:1).
 */

export const AA_NORMAL_TEXT = 4.5;
/** The two text colours a brand button may carry: white, or the near-black the widget uses for text. */
export const LIGHT_TEXT = '#ffffff';
export const DARK_TEXT = '#111827';

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export const isHexColor = (value: string): boolean => HEX_COLOR.test(value);

/** Relative luminance of an sRGB `#rrggbb` colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  if (!isHexColor(hex)) throw new Error(`${hex} is not #rrggbb`);
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two colours, 1 to 21, whichever is lighter. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The text colour for a button of `background`: whichever of white and near-black contrasts more,
 * or null when neither reaches AA (such a colour is refused as a brand colour).
 */
export function textColorOn(background: string): string | null {
  const light = contrastRatio(background, LIGHT_TEXT);
  const dark = contrastRatio(background, DARK_TEXT);
  const best = light >= dark ? { color: LIGHT_TEXT, ratio: light } : { color: DARK_TEXT, ratio: dark };
  return best.ratio >= AA_NORMAL_TEXT ? best.color : null;
}
