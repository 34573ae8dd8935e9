/** One JSON line per event on stdout: easy to read locally, easy to ship to a log service in production. */
export type Log = (message: string, fields?: Record<string, unknown>) => void;

export function createLogger(enabled = true): Log {
  if (!enabled) return () => undefined;
  return (message, fields) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), message, ...fields })}\n`);
  };
}

/** One line worth storing: Prisma's messages carry a code frame before the actual message, on the last line. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${lines[lines.length - 1] ?? error.name}`.slice(
    0,
    500,
  );
}
