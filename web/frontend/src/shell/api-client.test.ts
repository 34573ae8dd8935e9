import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './api-client';
import type { SessionTokens } from './session-token';

function tokens(): SessionTokens & { issued: string[] } {
  const issued: string[] = [];
  const next = async () => {
    issued.push(`t${issued.length + 1}`);
    return issued[issued.length - 1]!;
  };
  return { source: 'injected', shop: null, issued, token: next, freshToken: next };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('createApiClient', () => {
  it('sends the session token as a Bearer token', async () => {
    const seen: Array<string | null> = [];
    const client = createApiClient(tokens(), async (_url, init) => {
      seen.push(new Headers(init?.headers).get('Authorization'));
      return json(200, { ok: true });
    });
    expect(await client.get('/api/program')).toEqual({ ok: true });
    expect(seen).toEqual(['Bearer t1']);
  });

  it('retries once with a fresh token after a 401, and no more', async () => {
    const source = tokens();
    const seen: string[] = [];
    const client = createApiClient(source, async (_url, init) => {
      seen.push(new Headers(init?.headers).get('Authorization') ?? '');
      return json(401, { code: 'invalid_session_token', message: 'expired' });
    });
    await expect(client.get('/api/stats')).rejects.toMatchObject({
      status: 401,
      code: 'invalid_session_token',
    });
    expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('succeeds when the retry with the fresh token does', async () => {
    let calls = 0;
    const client = createApiClient(tokens(), async () =>
      ++calls === 1 ? json(401, { code: 'invalid_session_token', message: 'x' }) : json(200, { n: calls }),
    );
    expect(await client.get('/api/customers')).toEqual({ n: 2 });
  });

  it('parses { code, message, problems } into an ApiError', async () => {
    const client = createApiClient(tokens(), async () =>
      json(422, {
        code: 'invalid_program',
        message: 'Two problems',
        problems: [{ field: 'earnRate', message: 'must be a decimal' }, { nonsense: true }],
      }),
    );
    const error = (await client.send('PUT', '/api/program', {}).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_program', message: 'Two problems' });
    expect(error.problems).toEqual([{ field: 'earnRate', message: 'must be a decimal' }]);
  });

  it('keeps the status when the error body is not JSON', async () => {
    const client = createApiClient(
      tokens(),
      async () => new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    await expect(client.get('/api/stats')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('sends a JSON body as JSON and a file body as it is', async () => {
    const seen: Array<{ type: string | null; body: unknown }> = [];
    const client = createApiClient(tokens(), async (_url, init) => {
      seen.push({ type: new Headers(init?.headers).get('Content-Type'), body: init?.body });
      return json(200, {});
    });
    await client.send('POST', '/api/customers/1/adjustments', { points: 5 });
    const file = new Blob(['customer_id,points\n1,5\n']);
    await client.send('POST', '/api/imports', file, { 'Content-Type': 'text/csv' });
    expect(seen).toEqual([
      { type: 'application/json', body: '{"points":5}' },
      { type: 'text/csv', body: file },
    ]);
  });
});
