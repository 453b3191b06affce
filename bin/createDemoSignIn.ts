import type { Env } from '../config/index.ts';
import { DEMO_CONSUMERS } from '../demo/index.ts';
import { DEMO_CONSUMER_DESCRIPTIONS } from '../demo/consumers.ts';
import { issueDemoToken } from '../demo/issueDemoToken.ts';
import type { DemoSignIn } from '../gateway/demoSignInRoute.ts';
import { readIdentity } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';

/**
 * The gateway's demo sign-in: the demo's consumers with who each is, and
 * their tokens signed as `meshgraph token` signs them (the mesh's key, issuer
 * and audience, 8 h). Warns, since anyone who reaches the gateway may then
 * act as any of them.
 */
export async function createDemoSignIn(env: Env, logger: Logger): Promise<DemoSignIn> {
  const identity = await readIdentity(env);
  logger.warn('demo sign-in is on: anyone who reaches the gateway may sign in as a demo consumer (MESHGRAPH_DEMO_SIGN_IN=off turns it off)', { tokenKeys: identity.keys.source });
  return {
    consumers: Object.values(DEMO_CONSUMERS).map((consumer) => ({ consumer, description: DEMO_CONSUMER_DESCRIPTIONS[consumer.id] ?? `${consumer.kind} of team ${consumer.team ?? 'none'}` })),
    issue: (consumer) => issueDemoToken(identity, consumer),
  };
}
