import type { ServerResponse } from 'node:http';
import type { Refusal } from './Admission.ts';

/** Writes `body` as JSON with `status`, unless the response has already started. */
export function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Writes a GraphQL-shaped error response: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendGraphQLError(response: ServerResponse, status: number, code: string, message: string, contentType?: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] }, contentType);
}

/** Writes a refusal: its error (with every extension) as a GraphQL response, with its status and headers. */
export function sendRefusal(response: ServerResponse, refusal: Refusal, contentType?: string): void {
  if (!response.headersSent) for (const [name, value] of Object.entries(refusal.headers ?? {})) response.setHeader(name, value);
  sendJson(response, refusal.status, { errors: [refusal.error.toJSON()] }, contentType);
}
