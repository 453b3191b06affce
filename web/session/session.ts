import { useEffect, useState } from 'preact/hooks';

/** Who the page acts as: a bearer token and what it says. Kept in localStorage, so every tab of the catalog (and its IDE) signs in once. */
export interface Session {
  /** The bearer token, without `Bearer `. */
  token: string;
  /** The consumer it names (its `sub`), as shown in the header. */
  consumer: string;
  /** When it stops being accepted, epoch milliseconds (its `exp`). */
  expiresAt: number;
}

/** The localStorage key of the session; the IDE page reads it too. */
export const SESSION_KEY = 'meshgraph.session';
/** Dispatched on `window` when this tab signs in or out (other tabs hear the `storage` event). */
const CHANGED = 'meshgraph:session';

/** The session, or undefined when signed out or when its token has expired. */
export function currentSession(): Session | undefined {
  try {
    const session = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return session && typeof session.token === 'string' && session.expiresAt > Date.now() ? session : undefined;
  } catch {
    return undefined; // unreadable: signed out
  }
}

/** The `authorization` header value for requests and `connection_init`, when signed in. */
export function authorization(): string | undefined {
  const session = currentSession();
  return session ? `Bearer ${session.token}` : undefined;
}

/** Signs in with a bearer token: reads its `sub` and `exp` (the gateway verifies it on every request; this only shows it). */
export function signIn(token: string): Session {
  const session = sessionOf(token);
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  window.dispatchEvent(new Event(CHANGED));
  return session;
}

/**
 * The session a bearer token (with or without `Bearer `) would open, without
 * opening it: throws `TokenFormatError` saying what is wrong with it.
 */
export function sessionOf(text: string): Session {
  const token = text.trim().replace(/^bearer\s+/i, '');
  const claims = readClaims(token);
  return { token, consumer: claims.sub, expiresAt: claims.exp * 1_000 };
}

export function signOut(): void {
  localStorage.removeItem(SESSION_KEY);
  window.dispatchEvent(new Event(CHANGED));
}

/** The session, re-rendering when this or another tab signs in or out. */
export function useSession(): Session | undefined {
  const [session, setSession] = useState(currentSession);
  useEffect(() => {
    const update = () => setSession(currentSession());
    window.addEventListener(CHANGED, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(CHANGED, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return session;
}

/** A token that is not a JWT with `sub` and `exp`. */
export class TokenFormatError extends Error {
  override name = 'TokenFormatError';
}

function readClaims(token: string): { sub: string; exp: number } {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) throw new TokenFormatError('That is not a token: a JWT has three parts separated by dots.');
  let claims: { sub?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as typeof claims;
  } catch {
    throw new TokenFormatError('That token cannot be read: its middle part is not base64url JSON.');
  }
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw new TokenFormatError('That token names no consumer (sub) or no expiry (exp).');
  if (claims.exp * 1_000 <= Date.now()) throw new TokenFormatError(`That token expired at ${new Date(claims.exp * 1_000).toLocaleString()}.`);
  return { sub: claims.sub, exp: claims.exp };
}
