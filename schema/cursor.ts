/**
 * Turns what a cursor holds into the opaque text clients pass back (JSON in
 * base64url), so every cursor of the mesh is written the same way.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * What a cursor from `encodeCursor` holds, if `isValue` accepts it; `undefined`
 * for text that is not such a cursor (not base64url JSON, or the wrong shape).
 * Cursors come from clients: the caller turns `undefined` into an error that
 * says which cursor it expected.
 */
export function decodeCursor<T>(cursor: string, isValue: (value: unknown) => value is T): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return isValue(value) ? value : undefined;
}
