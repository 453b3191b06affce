import { useSession } from '../session/session.ts';

/** The header's way to `/access`, for a signed-in viewer (an anonymous one has no requests or agreements). */
export function AccessLink() {
  return useSession() ? <a href="/access">Access</a> : null;
}
