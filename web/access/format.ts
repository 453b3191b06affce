/* How the access pages and the notifications write times and products. */

/** A time as the viewer reads it. */
export const when = (at: string | null) => (at ? new Date(at).toLocaleString() : '—');

/** A product's name from its URN (`urn:meshgraph:<domain>:<name>:v<major>`), for lists that name many. */
export const productName = (urn: string) => urn.split(':')[3] ?? urn;
