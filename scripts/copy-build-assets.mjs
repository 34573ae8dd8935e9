// tsc compiles web/ to web/dist/. What is not TypeScript (the generated Prisma clients, the panel's build, the
// inbox writer thread) is copied beside the compiled files that load it.
import { cpSync, rmSync } from 'node:fs';

cpSync('web/db/generated', 'web/dist/db/generated', { recursive: true });
// the merchant panel's Vite build (npm run build:panel), read by web/routes/panel-page.ts from ../frontend/dist/
rmSync('web/dist/frontend', { recursive: true, force: true }); // no assets of older builds
cpSync('web/frontend/dist', 'web/dist/frontend/dist', { recursive: true });
cpSync('web/db/sqlite-inbox-worker.mjs', 'web/dist/db/sqlite-inbox-worker.mjs');
