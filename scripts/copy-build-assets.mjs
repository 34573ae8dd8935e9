// tsc compiles web/ to web/dist/. What is not TypeScript (the generated Prisma clients, the panel's HTML, the
// inbox writer thread) is copied beside the compiled files that load it.
import { cpSync } from 'node:fs';

cpSync('web/db/generated', 'web/dist/db/generated', { recursive: true });
cpSync('web/frontend/index.html', 'web/dist/frontend/index.html');
cpSync('web/db/sqlite-inbox-worker.mjs', 'web/dist/db/sqlite-inbox-worker.mjs');
