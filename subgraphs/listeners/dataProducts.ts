import { REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import type { DataProductDefinition } from '../kit/index.ts';
import type { ListenerStore } from './listenerStore.ts';

/** listener-profiles: every registered listener, as the sign-up flow records them. */
export function listenerProfiles(store: ListenerStore): DataProductDefinition {
  return {
    name: 'listener-profiles',
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: {
      purpose: 'Who our listeners are: one profile per registered account, with country, city, plan and preferred device.',
      usage: 'Join plays and engagement to listener demographics through the Listener polyseme; filter by country, plan or registration date.',
      limitations: 'Profiles are as entered at sign-up; city is self-declared. Email and birth year are PII and need a lawful basis.',
    },
    owner: { name: 'Amara Okafor', email: 'amara.okafor@meshgraph.example' },
    tags: ['listeners', 'profiles', 'accounts', 'registrations', 'demographics', 'pii'],
    inputPorts: [{ kind: 'source', name: 'sign-ups', system: 'account service (sign-up flow)' }],
    outputPorts: [
      { kind: 'query', name: 'listeners', field: 'Query.listeners', description: 'Listener profiles, filtered and paged.' },
      { kind: 'query', name: 'listener', field: 'Query.listener', description: 'One listener by id.' },
      { kind: 'subscription', name: 'listener-registered', field: 'Subscription.listenerRegistered', description: 'Registrations as they happen, resumable with a cursor.' },
      { kind: 'topic', name: 'registrations', topic: REGISTRATIONS_TOPIC.name, description: 'Every registration, keyed by listener id (compacted).' },
    ],
    slos: { freshness: 'PT5M', availability: 0.999, completeness: 0.999, intervalOfChange: 'PT1M' },
    classification: {
      default: 'internal',
      fields: { 'Listener.email': 'pii', 'Listener.birthYear': 'pii', 'Listener.displayName': 'confidential' },
      // Consumers with an agreement for a purpose without personal data still join on a stable pseudonym.
      pseudonymise: ['Listener.email'],
    },
    // Records older than this are not served: the demo world's sign-ups go back to January 2016.
    retention: 'P11Y',
    terms: {
      usage: 'Internal analytics and personalization. Do not export PII fields outside the mesh.',
      license: 'Proprietary, internal use only',
    },
    // Every profile arrived as a registration on the product's topic, which is its output port.
    measure: () => ({ recordCount: store.all.length, lastEventAt: store.latestRegistrationAt, eventsIn: store.registrationsIn, eventsOut: store.registrationsIn }),
    expiry: store.expiry,
  };
}
