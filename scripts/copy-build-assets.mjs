// tsc compiles web/ to web/dist/; the generated Prisma clients and the panel's HTML are not TypeScript, so they
// are copied beside the compiled files that import them.
import { cpSync } from 'node:fs';

cpSync('web/db/generated', 'web/dist/db/generated', { recursive: true });
cpSync('web/frontend/index.html', 'web/dist/frontend/index.html');
