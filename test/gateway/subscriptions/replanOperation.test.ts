import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../../gateway/composeSupergraph.ts';
import { createSubscriptionPlanner } from '../../../gateway/subscriptions/createSubscriptionPlanner.ts';
import { replanOperation } from '../../../gateway/subscriptions/replanOperation.ts';
import { sharedUpstreamKey } from '../../../gateway/subscriptions/subscriptionKeys.ts';
import { fakeOperation } from './fakes.ts';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const PLAYS = `${FEDERATION}
  type Query { lastPlay: Play }
  type Subscription { played(after: String): Play }
  type Play { cursor: String! id: ID! listener: Listener }
  type Listener @key(fields: "id", resolvable: false) { id: ID! }`;
const listeners = (fields: string) => `${FEDERATION} type Listener @key(fields: "id") { id: ID! ${fields} }`;

/** A supergraph of the subgraphs named with their SDL. */
const planner = (subgraphs: Record<string, string>) =>
  createSubscriptionPlanner(composeSupergraph(Object.entries(subgraphs).map(([name, sdl]) => ({ name, url: `http://127.0.0.1:1/${name}`, sdl }))));

const operation = (selection: string) => ({ ...fakeOperation({ after: 'c1' }), document: parse(`subscription($after: String) { played(after: $after) { id listener { ${selection} } } }`) });

describe('re-planning a live operation on a new supergraph', () => {
  const before = planner({ plays: PLAYS, listeners: listeners('name: String nickname: String') });
  const keyBefore = (op: ReturnType<typeof operation>) => sharedUpstreamKey(before.plan(op.document), op.variables, op.context);

  it('an operation still read from the same upstream keeps it, with the rest of its plan renewed', () => {
    const op = operation('name');
    const after = planner({ plays: PLAYS, listeners: listeners('nickname: String'), profiles: listeners('name: String') });
    const replan = replanOperation(after, op, keyBefore(op));
    expect(replan.kind).toBe('same-upstream');
    expect(JSON.stringify(replan.kind === 'same-upstream' && replan.plan.rest)).toContain('profiles');
  });

  it('an operation whose subscription field moved to another subgraph moves there', () => {
    const op = operation('name');
    const after = planner({ events: PLAYS, listeners: listeners('name: String nickname: String') });
    const replan = replanOperation(after, op, keyBefore(op));
    expect(replan).toMatchObject({ kind: 'moved', plan: { primary: { serviceName: 'events' } } });
  });

  it('an operation no longer valid ends with SUPERGRAPH_CHANGED, saying why and what to do', () => {
    const op = operation('nickname');
    const replan = replanOperation(planner({ plays: PLAYS, listeners: listeners('name: String') }), op, keyBefore(op));
    expect(replan).toMatchObject({ kind: 'invalid', error: { extensions: { code: 'SUPERGRAPH_CHANGED' } } });
    expect(replan.kind === 'invalid' && replan.error.message).toMatch(/Cannot query field "nickname" on type "Listener".*Subscribe again/);
  });
});
