/**
 * Polls `read` until `done` holds for its value and returns that value. Errors from `read` count as "not yet"
 * (a database that is being disconnected may fail a read or two). Fails after `timeoutMs` with the last value or
 * error: the bound is a generous safety net against hanging, never a speed expectation.
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      const detail =
        last && 'error' in last
          ? `last error: ${String(last.error)}`
          : `last value: ${JSON.stringify(last?.value)}`;
      throw new Error(`${what}: not reached within ${timeoutMs} ms; ${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `promise`'s value, or 'timed out' when it has not settled after `ms`: for operations that must complete at all
 * (a shutdown, a read after an outage), with a bound far above their normal duration so that only a hang trips it.
 */
export async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
