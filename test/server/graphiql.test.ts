import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GraphiQL (development)', () => {
  it('loads every asset from our own server: nothing from a CDN, so it works offline', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('renderYogaGraphiQL');

    // Every URL the page names: attributes (src, href) and the worker URLs in its inline script.
    const attributes = [...html.matchAll(/\b(?:src|href)=["']?([^"'\s>]+)/g)].map((m) => m[1]!);
    const quoted = [...html.matchAll(/["'](https?:\/\/[^"']+|\/[^"'\s]*\.(?:js|css))["']/g)].map((m) => m[1]!);
    const urls = [...new Set([...attributes, ...quoted])];
    expect(urls.length).toBeGreaterThanOrEqual(5); // stylesheet, bundle, three editor workers
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    for (const url of urls) {
      const absolute = new URL(url, server.url);
      expect(absolute.origin, url).toBe(server.url);
      const asset = await fetch(absolute);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(/javascript|css/);
      expect(asset.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      await asset.arrayBuffer();
    }
  });
});
