import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The merchant panel. Built to web/frontend/dist, which the server serves at / (the page) and /assets (hashed
// files, cached for good); scripts/copy-build-assets.mjs copies it beside the compiled server.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks the entry loads at once and which lazily (bench/panel-size.ts)
    manifest: true,
    // Polaris alone is about 430 KB minified; the bench (bench/panel-size.ts) holds the gzipped size instead.
    chunkSizeWarningLimit: 1500,
  },
});
