// The HTTP API: the bearer token of the session, requests and their errors.

const TOKEN_KEY = 'custody.token';

// Who is signed in: the answer of GET /api/me, or null.
export const session = { me: null };

// An answer with a status other than 2xx: the server's {"error", "field"}.
class ApiError extends Error {
  constructor(status, body, headers) {
    super(body?.error || `HTTP ${status}`);
    this.status = status;
    this.field = body?.field ?? null;
    this.retryAfter = Number(headers.get('Retry-After')) || null;
  }
}

let onUnauthorized = () => {};

// fn() is called when a signed-in request gets 401 (token revoked or replaced).
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

async function request(path, { auth = true, ...options } = {}) {
  const headers = { Accept: 'application/json', ...options.headers };
  if (auth) headers.Authorization = `Bearer ${token.get()}`;
  const res = await fetch(path, { ...options, headers });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && auth && session.me) onUnauthorized();
    throw new ApiError(res.status, body, res.headers);
  }
  return { status: res.status, body };
}

// GET path with query parameters params (undefined values left out); the JSON answer.
export async function apiGet(path, params = {}, options = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  const qs = query.toString();
  return (await request(qs ? `${path}?${qs}` : path, options)).body;
}

// POST a JSON body; {status, body}.
export function apiPost(path, body) {
  return request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

// May the signed-in user read people (flags, candidates, people, events)?
export function canReadPeople() {
  return ['officer', 'supervisor', 'admin'].includes(session.me?.role);
}
