import { Router } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import type { PanelHost } from '../routes/panel-page.js';
import { signSessionToken } from './session-token.js';

export const DEMO_TOKEN_PATH = '/demo/session-token';
const APP_BRIDGE_SCRIPT = '<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>';
const TOKEN_SECONDS = 300;

/**
 * Demo mode's host for the merchant panel: the page opens standalone at / (no Shopify admin around it, so no
 * App Bridge and no id_token), and gets its session tokens from a demo-only route that signs them for the demo
 * shop with the demo secret. The panel shows its "Demo shop" banner because the token source was injected.
 * Never part of production: web/server.ts knows only the PanelHost seam.
 */
export function demoPanelHost(opts: { apiKey: string; apiSecret: string; shop: string }): PanelHost {
  const routes = Router();
  routes.get(DEMO_TOKEN_PATH, (req, res) => {
    // Anyone who gets a token can act as the demo shop's staff: only this machine may ask, whatever HOST says.
    // A loopback peer alone is not enough: a proxy on this machine (forwarding headers) or a page of another
    // site reaching it through DNS rebinding (a foreign Host header) is on loopback too.
    if (
      !isLoopback(req.socket.remoteAddress) ||
      !isLoopbackHost(req.headers.host) ||
      req.headers['x-forwarded-for'] !== undefined ||
      req.headers.forwarded !== undefined
    )
      throw new LoyaltyError(
        'loopback_only',
        'Demo session tokens are handed out on this machine only.',
        403,
      );
    const token = signSessionToken({
      secret: opts.apiSecret,
      apiKey: opts.apiKey,
      shop: opts.shop,
      expiresInSeconds: TOKEN_SECONDS,
    });
    res.set('Cache-Control', 'no-store').json({ token });
  });
  const injected = `<script>window.loyaltyDemo = ${safeJson({ tokenUrl: DEMO_TOKEN_PATH, shop: opts.shop })};</script>`;
  return {
    transformHtml(html) {
      if (!html.includes(APP_BRIDGE_SCRIPT))
        throw new Error('The built panel page has no App Bridge script tag.');
      return html.replace(APP_BRIDGE_SCRIPT, injected);
    },
    routes,
  };
}

export function isLoopback(address: string | undefined): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address ?? '');
}

/** A Host header naming this machine: localhost, 127.0.0.1 or [::1], with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(host ?? '');
}

/** JSON that cannot end the <script> element it sits in. */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
