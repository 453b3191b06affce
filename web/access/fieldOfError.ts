/** The inputs of the access forms a gateway refusal can be about. */
export type AccessField = 'purpose' | 'justification' | 'days' | 'reason';

// The agreement book's refusals all carry BAD_USER_INPUT; what they say names the argument at fault (governance/agreements/createAgreementBook.ts).
const NAMED: readonly [AccessField, RegExp][] = [
  ['justification', /\bjustification\b/i],
  ['days', /"days"/],
  ['purpose', /is not a purpose of the mesh policy/],
  ['reason', /\breason is required\b/i],
];

/** The form input a gateway's refusal is about, so the form shows it next to that input; undefined for the rest (shown above the button). */
export function fieldOfError(message: string | undefined): AccessField | undefined {
  return message === undefined ? undefined : NAMED.find(([, pattern]) => pattern.test(message))?.[0];
}
