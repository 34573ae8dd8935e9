import type { SessionTokens } from './session-token';

export interface Problem {
  field: string;
  message: string;
}

/** An API answer outside 2xx, as the server's `{ code, message }` (plus `problems` on a 422 that lists them). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  /** The raw response of a 2xx; any other status throws ApiError. */
  request(path: string, init?: RequestInit): Promise<Response>;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: HeadersInit): Promise<T>;
}

/**
 * The panel's one way to the admin API: adds `Authorization: Bearer <session token>`, asks once more with a
 * fresh token when the first is refused with 401 (it may have expired on the way), and turns error answers into
 * ApiError.
 */
export function createApiClient(
  tokens: SessionTokens,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): ApiClient {
  const attempt = async (path: string, init: RequestInit, token: string) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return fetchImpl(path, { ...init, headers });
  };
  const request = async (path: string, init: RequestInit = {}) => {
    let response = await attempt(path, init, await tokens.token());
    if (response.status === 401) response = await attempt(path, init, await tokens.freshToken());
    if (!response.ok) throw await apiError(response);
    return response;
  };
  return {
    request,
    async get<T>(path: string) {
      return (await request(path, { headers: { Accept: 'application/json' } })).json() as Promise<T>;
    },
    async send<T>(method: string, path: string, body?: unknown, headers?: HeadersInit) {
      const all = new Headers(headers);
      all.set('Accept', 'application/json');
      const isRaw = body instanceof Blob || typeof body === 'string';
      if (body !== undefined && !isRaw && !all.has('Content-Type'))
        all.set('Content-Type', 'application/json');
      const response = await request(path, {
        method,
        headers: all,
        ...(body !== undefined && { body: isRaw ? body : JSON.stringify(body) }),
      });
      return (response.status === 204 ? undefined : response.json()) as Promise<T>;
    },
  };
}

/** The server's `{ code, message, problems? }`, or a generic error when the body is something else. */
export async function apiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: { code?: unknown; message?: unknown; problems?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON (a proxy's error page): keep the status
  }
  const problems = Array.isArray(body.problems)
    ? body.problems
        .filter((p): p is Problem => typeof p?.field === 'string' && typeof p?.message === 'string')
        .map(({ field, message }) => ({ field, message }))
    : [];
  return new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : `http_${response.status}`,
    typeof body.message === 'string' ? body.message : `The server answered ${response.status}.`,
    problems,
  );
}
