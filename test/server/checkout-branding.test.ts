import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio } from '../../server/domain/contrast.ts';
import { BusinessLogo } from '../../server/modules/tenancy/business-logo.entity.ts';
import { Business } from '../../server/modules/tenancy/business.entity.ts';
import { cspDirective } from '../support/csp.ts';
import { invoiceWithLink } from '../support/money-path.ts';
import { liveKeyFor, onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

const PUBLIC_URL = 'https://pay.branding.example';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: PUBLIC_URL } });
});
afterAll(() => server.close());

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateCheckoutSettingsInput!) {
    updateCheckoutSettings(input: $input) {
      business {
        allowedOrigins
        logoUrl
        brandColor
        supportEmail
        supportPhone
        showSecuredBy
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
const MERCHANT = `query ($id: ID!) { checkout(id: $id) { merchant { name logoUrl brandColor brandTextColor supportEmail supportPhone securedBy } } }`;

const update = async (key: string, input: Record<string, unknown>) => {
  const result = await server.gql(UPDATE, { input }, { key });
  expect(result.body.errors).toBeUndefined();
  return result.body.data.updateCheckoutSettings;
};
const merchantOf = async (id: string) => (await server.gql(MERCHANT, { id })).body.data.checkout.merchant;
const png = async () => QRCode.toBuffer('logo', { type: 'png', width: 64 });
const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
/** What a refused update must leave alone: the business's row and the stored logos. */
const snapshot = async (businessId: string) => {
  const em = server.orm.em.fork();
  const business = await em.findOneOrFail(Business, { id: businessId });
  const { createdAt: _, ...row } = business;
  return { row: JSON.stringify(row), logos: await em.count(BusinessLogo, {}) };
};

describe('checkout branding', () => {
  it('takes a logo URL, a brand colour and a support contact, and the public checkout shows them with a text colour that passes AA', async () => {
    const { testKey, businessId } = await onboardBusiness(server, { name: 'Brand Ltd' });
    const liveKey = await liveKeyFor(server, businessId);
    const { linkId } = await invoiceWithLink(server, testKey);
    const payload = await update(liveKey, {
      logoUrl: 'https://cdn.brand.example/logo.png',
      brandColor: '#0A66C2',
      supportEmail: 'help@brand.example',
      supportPhone: '+234 801 234 5678',
      showSecuredBy: false,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.business).toMatchObject({
      logoUrl: 'https://cdn.brand.example/logo.png',
      brandColor: '#0a66c2',
      supportEmail: 'help@brand.example',
      supportPhone: '+2348012345678',
      showSecuredBy: false,
    });
    const merchant = await merchantOf(linkId);
    expect(merchant).toEqual({
      name: 'Brand Ltd',
      logoUrl: 'https://cdn.brand.example/logo.png',
      brandColor: '#0a66c2',
      brandTextColor: '#ffffff',
      supportEmail: 'help@brand.example',
      supportPhone: '+2348012345678',
      securedBy: null,
    });
    expect(contrastRatio(merchant.brandColor, merchant.brandTextColor)).toBeGreaterThanOrEqual(4.5);

    // A light colour gets dark text.
    await update(liveKey, { brandColor: '#ffd54f' });
    expect((await merchantOf(linkId)).brandTextColor).toBe('#111827');

    // Omitted fields stay; null clears; sending only allowedOrigins (the old callers) changes only them.
    await update(liveKey, { allowedOrigins: ['https://shop.brand.example'] });
    expect(await merchantOf(linkId)).toMatchObject({
      logoUrl: 'https://cdn.brand.example/logo.png',
      brandColor: '#ffd54f',
      supportEmail: 'help@brand.example',
    });
    const cleared = await update(liveKey, { logoUrl: null, brandColor: null, supportEmail: null, supportPhone: null, showSecuredBy: true });
    expect(cleared.business).toMatchObject({
      allowedOrigins: ['https://shop.brand.example'],
      logoUrl: null,
      brandColor: null,
      supportEmail: null,
      showSecuredBy: true,
    });
    expect(await merchantOf(linkId)).toMatchObject({ logoUrl: null, brandColor: null, brandTextColor: null, supportPhone: null, securedBy: 'pay-checkout' });
    expect((await snapshot(businessId)).logos).toBe(0);
  });

  it('takes a live key: a test key (in CI, on a laptop) cannot change what live customers see', async () => {
    const { testKey, businessId } = await onboardBusiness(server, { name: 'Guarded Ltd' });
    const liveKey = await liveKeyFor(server, businessId);
    await update(liveKey, { supportPhone: '+2348011111111', allowedOrigins: ['https://shop.guarded.example'] });
    const before = await snapshot(businessId);
    const payload = await update(testKey, {
      supportPhone: '+2349099999999',
      allowedOrigins: ['https://attacker.example'],
      logoUrl: dataUrl('image/png', await png()),
    });
    expect(payload.business).toBeNull();
    expect(payload.userErrors.map((e: any) => e.code)).toEqual(['LIVE_KEY_REQUIRED']);
    expect(await snapshot(businessId)).toEqual(before);
    // A live key without the scope is refused as any other field is.
    const readOnly = await liveKeyFor(server, businessId, ['checkouts:read']);
    const refused = await server.gql(UPDATE, { input: { supportPhone: '+2349099999999' } }, { key: readOnly });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await snapshot(businessId)).toEqual(before);
  });

  it('refuses each bad input with its own code and writes nothing', async () => {
    const { businessId } = await onboardBusiness(server, { name: 'Strict Ltd' });
    const liveKey = await liveKeyFor(server, businessId);
    await update(liveKey, { brandColor: '#123456', supportEmail: 'ok@strict.example' });
    const before = await snapshot(businessId);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ logoUrl: 'http://cdn.example/logo.png' }, 'INVALID_LOGO_URL', 'input.logoUrl'],
      [{ logoUrl: 'javascript:alert(1)' }, 'INVALID_LOGO_URL', 'input.logoUrl'],
      [{ logoUrl: 'not a url' }, 'INVALID_LOGO_URL', 'input.logoUrl'],
      [{ logoUrl: dataUrl('image/svg+xml', svg) }, 'UNSUPPORTED_LOGO_TYPE', 'input.logoUrl'],
      [{ logoUrl: dataUrl('image/gif', Buffer.from('GIF89a')) }, 'UNSUPPORTED_LOGO_TYPE', 'input.logoUrl'],
      // Says PNG, is SVG.
      [{ logoUrl: dataUrl('image/png', svg) }, 'UNSUPPORTED_LOGO_TYPE', 'input.logoUrl'],
      [{ logoUrl: dataUrl('image/png', Buffer.concat([await png(), Buffer.alloc(170 * 1024)])) }, 'LOGO_TOO_LARGE', 'input.logoUrl'],
      [{ brandColor: 'blue' }, 'INVALID_BRAND_COLOR', 'input.brandColor'],
      [{ brandColor: '#12345' }, 'INVALID_BRAND_COLOR', 'input.brandColor'],
      // Mid grey: white text reaches 3.9:1, dark text 4.4:1; neither is AA.
      [{ brandColor: '#808080' }, 'BRAND_COLOR_CONTRAST', 'input.brandColor'],
      [{ supportEmail: 'help@' }, 'INVALID_SUPPORT_EMAIL', 'input.supportEmail'],
      [{ supportPhone: '0801 234 5678' }, 'INVALID_SUPPORT_PHONE', 'input.supportPhone'],
      [{ supportPhone: '+12' }, 'INVALID_SUPPORT_PHONE', 'input.supportPhone'],
      [{ allowedOrigins: ['https://shop.example.com/path'] }, 'INVALID_ORIGIN', 'input.allowedOrigins.0'],
    ];
    for (const [input, code, field] of cases) {
      // Each bad field beside a good one: the good one is not written either.
      const payload = await update(liveKey, { ...input, supportPhone: input.supportPhone ?? '+2348000000000' });
      expect(payload.business, code).toBeNull();
      expect(
        payload.userErrors.map((e: any) => `${e.code}:${e.field.join('.')}`),
        JSON.stringify(input).slice(0, 80),
      ).toEqual([`${code}:${field}`]);
      expect(await snapshot(businessId)).toEqual(before);
    }
  });

  it('keeps an uploaded PNG, serves it at a stable URL with a long cache, and the hosted page may load it and nothing else from elsewhere', async () => {
    const { testKey, businessId } = await onboardBusiness(server, { name: 'Upload Ltd' });
    const liveKey = await liveKeyFor(server, businessId);
    const { linkId } = await invoiceWithLink(server, testKey);
    const bytes = await png();
    const payload = await update(liveKey, { logoUrl: dataUrl('image/png', bytes) });
    expect(payload.userErrors).toEqual([]);
    const logoUrl: string = (await merchantOf(linkId)).logoUrl;
    expect(logoUrl).toMatch(/^https:\/\/pay\.branding\.example\/v1\/logos\/[0-9a-f]{64}\.png$/);
    expect(payload.business.logoUrl).toBe(logoUrl);
    const served = await fetch(new URL(new URL(logoUrl).pathname, server.url));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    // The same upload again is the same URL (and one stored image).
    expect((await update(liveKey, { logoUrl: dataUrl('image/png', bytes) })).business.logoUrl).toBe(logoUrl);
    expect((await fetch(`${server.url}/v1/logos/${'0'.repeat(64)}.png`)).status).toBe(404);
    expect((await fetch(`${server.url}${new URL(logoUrl).pathname.replace('.png', '.jpg')}`)).status).toBe(404);

    // The hosted page: our origin, plus an https logo's origin for images only.
    await update(liveKey, { logoUrl: 'https://cdn.upload.example/brand/logo.webp' });
    const csp = (await fetch(`${server.url}/p/${linkId}`)).headers.get('content-security-policy');
    expect(cspDirective(csp, 'default-src')).toBe("default-src 'self'");
    expect(cspDirective(csp, 'img-src')).toContain('https://cdn.upload.example');
    for (const directive of ['script-src', 'style-src', 'connect-src', 'font-src']) expect(cspDirective(csp, directive)).not.toContain('cdn.upload.example');
    expect(cspDirective(csp, 'script-src')).toBe(`script-src 'self' ${PUBLIC_URL} 'unsafe-inline'`);
    expect(cspDirective(csp, 'object-src')).toBe("object-src 'none'");
  });
});
