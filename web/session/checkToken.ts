import { CLIENT_NAME } from '../graph/request.ts';

/** Who the gateway says a token's caller is (`Query.me`). */
export interface Me {
  id: string;
  kind: string;
  team: string | null;
  owns: string[];
}

/** The gateway refused a token (HTTP 401): expired, signed by another key, for another mesh. */
export class TokenRefusedError extends Error {
  override name = 'TokenRefusedError';
}

const ME = '{ me { id kind team owns } }';

/** The last token asked about, and the answer: signing in asks, then the header asks again for the same token. */
let last: { token: string; answer: Promise<Me> } | undefined;

/**
 * Asks the gateway who `token` names, as any client would (`{ me { … } }`
 * with `Authorization: Bearer <token>`). Rejects with `TokenRefusedError`
 * carrying the gateway's own words when it answers 401; with another error
 * when the gateway cannot be asked (then nothing is known of the token).
 */
export function checkToken(token: string): Promise<Me> {
  if (last?.token !== token) {
    const answer = askMe(token);
    last = { token, answer };
    answer.catch(() => last?.answer === answer && (last = undefined));
  }
  return last.answer;
}

async function askMe(token: string): Promise<Me> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'apollographql-client-name': CLIENT_NAME, authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: ME }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: { me: Me | null } | null; errors?: { message: string }[] };
  const said = body.errors?.map((e) => e.message).join(' ');
  if (response.status === 401) throw new TokenRefusedError(`The gateway refused this token: ${said ?? 'HTTP 401'}`);
  if (body.data?.me) return body.data.me;
  throw new Error(`The gateway could not say who this token is (HTTP ${response.status}${said ? `: ${said}` : ''}).`);
}
