import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBrandColor, normalizePhone, parseLogo } from '../../server/domain/branding.ts';
import { contrastRatio, DARK_TEXT, LIGHT_TEXT, relativeLuminance, textColorOn } from '../../server/domain/contrast.ts';

describe('WCAG contrast', () => {
  it('matches the definition at known points', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    expect(contrastRatio('#0a66c2', '#0a66c2')).toBe(1);
    // The classic boundary: #767676 is the lightest grey that passes AA on white, #777777 just fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
  });

  it('picks the text colour that passes, or none', () => {
    expect(textColorOn('#0a66c2')).toBe(LIGHT_TEXT);
    expect(textColorOn('#ffd54f')).toBe(DARK_TEXT);
    expect(textColorOn('#808080')).toBeNull();
    expect(() => relativeLuminance('red')).toThrow();
  });

  it('never answers a text colour below 4.5:1, and refuses only colours neither text reaches', () => {
    const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);
    fc.assert(
      fc.property(hex, (color) => {
        const text = textColorOn(color);
        const best = Math.max(contrastRatio(color, LIGHT_TEXT), contrastRatio(color, DARK_TEXT));
        if (text) expect(contrastRatio(color, text)).toBeGreaterThanOrEqual(4.5);
        else expect(best).toBeLessThan(4.5);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('branding input', () => {
  it('checks brand colours, phones and logos', () => {
    expect(checkBrandColor('#0A66C2')).toEqual({ ok: true, color: '#0a66c2', textColor: LIGHT_TEXT });
    expect(checkBrandColor('#0a66c')).toMatchObject({ ok: false, code: 'INVALID_BRAND_COLOR' });
    expect(checkBrandColor('#7f7f7f')).toMatchObject({ ok: false, code: 'BRAND_COLOR_CONTRAST' });
    expect(normalizePhone('+255 712 111 222')).toBe('+255712111222');
    expect(normalizePhone('(+234) 801-234-5678')).toBe('+2348012345678');
    expect(normalizePhone('08012345678')).toBeNull();
    expect(normalizePhone('+0123456789')).toBeNull();
    expect(parseLogo('https://cdn.example/a.png')).toEqual({ ok: true, kind: 'url', url: 'https://cdn.example/a.png' });
    expect(parseLogo('https://user:pw@cdn.example/a.png')).toMatchObject({ ok: false, code: 'INVALID_LOGO_URL' });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    expect(parseLogo(`data:image/jpeg;base64,${jpeg.toString('base64')}`)).toMatchObject({ ok: true, kind: 'image', contentType: 'image/jpeg' });
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
    expect(parseLogo(`data:image/webp;base64,${webp.toString('base64')}`)).toMatchObject({ ok: true, contentType: 'image/webp' });
    expect(parseLogo(`data:image/webp;base64,${jpeg.toString('base64')}`)).toMatchObject({ ok: false, code: 'UNSUPPORTED_LOGO_TYPE' });
    expect(parseLogo('data:image/svg+xml;utf8,<svg/>')).toMatchObject({ ok: false, code: 'UNSUPPORTED_LOGO_TYPE' });
  });
});
