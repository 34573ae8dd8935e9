import { describe, expect, it } from 'vitest';
import { demoPanelHost, isLoopback, isLoopbackHost } from './demo-panel-host.js';

describe('demoPanelHost', () => {
  const host = demoPanelHost({ apiKey: 'k', apiSecret: 's', shop: 'demo.myshopify.com' });

  it('replaces the App Bridge script with the injected token source', () => {
    const html = '<head><script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script></head>';
    expect(host.transformHtml(html)).toBe(
      '<head><script>window.loyaltyDemo = {"tokenUrl":"/demo/session-token","shop":"demo.myshopify.com"};</script></head>',
    );
  });

  it('refuses a page without the App Bridge tag rather than serve one with two token sources', () => {
    expect(() => host.transformHtml('<head></head>')).toThrow(/App Bridge/);
  });

  it('hands tokens to loopback addresses only', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.0.0.2'])
      expect(isLoopback(address)).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:192.168.1.5', '', undefined])
      expect(isLoopback(address)).toBe(false);
  });

  it('accepts only a Host header naming this machine, with any port', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:8080', '[::1]:3000', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of [
      'example.com',
      'localhost.example.com',
      '127.0.0.1.nip.io',
      '10.0.0.1:3000',
      '',
      undefined,
    ])
      expect(isLoopbackHost(host)).toBe(false);
  });
});
