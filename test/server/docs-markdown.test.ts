import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../server/http/docs-routes.ts';

describe('the guides’ markdown', () => {
  it('shows raw HTML as text and keeps only safe link targets', () => {
    const html = renderMarkdown(
      [
        '# Title <img src=x onerror=alert(1)>',
        '',
        '<script>alert(1)</script>',
        '',
        '[bad](javascript:alert(1)) [data](data:text/html,hi) [guide](receiving-webhooks.md#verify-it) [web](https://example.com) [here](#title)',
        '',
        '![pic](https://tracker.example/p.png)',
        '',
        '`<b>` and ```x```',
      ].join('\n'),
    );
    expect(html).not.toMatch(/<script|<img|href="(javascript|data):/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="/docs/receiving-webhooks#verify-it">guide</a>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer">web</a>');
    expect(html).toContain('<a href="#title">here</a>');
    expect(html).toContain('<p>bad data <a');
    expect(html).toContain('<code>&lt;b&gt;</code>');
  });

  it('gives headings the anchors GitHub gives them', () => {
    expect(renderMarkdown('### `payment.received`')).toContain('id="paymentreceived"');
    expect(renderMarkdown('## 1. Get a live key')).toContain('id="1-get-a-live-key"');
  });
});
