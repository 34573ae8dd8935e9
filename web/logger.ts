/** One JSON line per event on stdout: easy to read locally, easy to ship to a log service in production. */
export type Log = (message: string, fields?: Record<string, unknown>) => void;

export function createLogger(enabled = true): Log {
  if (!enabled) return () => undefined;
  return (message, fields) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), message, ...fields })}\n`);
  };
}
