/**
 * The production server in a process of its own, for tests that kill it (test/support/server-child.ts starts it):
 * configuration from the environment, as in production (web/config/config.ts), logs as JSON lines on stderr, and
 * one line `{"listening":"<url>"}` on stdout once it accepts requests.
 */
import { loadConfig } from '../../web/config/config.js';
import { startServer } from '../../web/server.js';

const running = await startServer(loadConfig(), (message, fields) => {
  process.stderr.write(`${JSON.stringify({ message, ...fields })}\n`);
});
process.stdout.write(`${JSON.stringify({ listening: running.url })}\n`);
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
