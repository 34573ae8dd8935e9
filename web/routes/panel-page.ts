import express, { type RequestHandler, Router } from 'express';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoyaltyError } from '../loyalty/errors.js';

/** Where the built merchant panel is, and who hosts it. Production passes nothing. */
export interface PanelOptions {
  /** The Vite build (index.html and assets/); by default web/frontend/dist beside the code. */
  distDir?: string;
  /** A host page outside the Shopify admin; only demo mode has one (web/demo/demo-panel-host.ts). */
  host?: PanelHost;
}

/**
 * A page host other than the Shopify admin. With one, the panel's pages are also served without the admin's
 * `id_token` (no OAuth redirect), rewritten by `transformHtml`, and the host's own routes answer first.
 */
export interface PanelHost {
  /** Rewrites the built page (API key filled in) before it is sent: e.g. drop App Bridge, add a token source. */
  transformHtml(html: string): string;
  /** The host's routes (e.g. where its page gets session tokens), ahead of the app's. */
  routes?: RequestHandler;
}

/** The client-side routes of the panel (web/frontend/src/app.tsx): a reload on any of them gets the page. */
export const PANEL_PATHS = ['/', '/customers', '/customers/:id', '/settings', '/import-export'];

const DEFAULT_DIST = fileURLToPath(new URL('../frontend/dist/', import.meta.url));

/**
 * The merchant panel: its page on the panel's paths (after `entry`, the embedded entry's token exchange), with
 * %SHOPIFY_API_KEY% filled in, and the build's hashed files under /assets, cached for good. A server started
 * before the panel was built still runs: the page answers 503 panel_not_built until the build is there.
 */
export function panelPage(deps: { apiKey: string; entry: RequestHandler; options?: PanelOptions }): Router {
  const dist = deps.options?.distDir ?? DEFAULT_DIST;
  const host = deps.options?.host;
  // read again when a new build replaced it (the old page names assets the new build removed)
  let cached: { mtimeMs: number; html: string } | null = null;
  const html = () => {
    const file = join(dist, 'index.html');
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat)
      throw new LoyaltyError(
        'panel_not_built',
        'The merchant panel has not been built yet: run `npm run build:panel` (or `npm run build`).',
        503,
      );
    if (cached?.mtimeMs !== stat.mtimeMs) {
      const filled = readFileSync(file, 'utf8').replaceAll('%SHOPIFY_API_KEY%', deps.apiKey);
      cached = { mtimeMs: stat.mtimeMs, html: host ? host.transformHtml(filled) : filled };
    }
    return cached.html;
  };

  const router = Router();
  if (host?.routes) router.use(host.routes);
  router.use(
    '/assets',
    // file names carry their content hash: a new build is new names, so a year and immutable are safe
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, redirect: false }),
    (_req, _res, next) => next(new LoyaltyError('not_found', 'No such panel asset.', 404)),
  );
  const entry: RequestHandler = host
    ? (req, res, next) => {
        if (typeof req.query.id_token === 'string') return deps.entry(req, res, next);
        res.setHeader('Content-Security-Policy', "frame-ancestors 'none';");
        next();
      }
    : deps.entry;
  router.get(PANEL_PATHS, entry, (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(html());
  });
  return router;
}
