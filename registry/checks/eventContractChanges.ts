import type { DataProductDescriptor, DiscoveredDataProduct } from '../../schema/index.ts';
import type { EventContract, EventFieldType } from '../../schema/events/index.ts';
import type { CheckProblem, ObservedUse } from '../CheckReport.ts';
import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';

/** What `eventContractChanges` compares. */
export interface EventContractChangesInput {
  /** The producer's data products as published now. */
  current: readonly DataProductDescriptor[];
  /** Its data products as they would be. */
  candidate: readonly DataProductDescriptor[];
  /** The mesh's other subgraphs: the input ports of their data products are the topics' consumers. */
  others: readonly RegisteredSubgraph[];
}

/** A data product that reads a topic, and which of its fields. */
interface TopicConsumer {
  readonly use: ObservedUse;
  /** Undefined: every field of the contract. */
  readonly reads: readonly string[] | undefined;
  /** Whether its publication carried figures of what it read (else `lastSeenAt` is when it was published). */
  readonly observed: boolean;
}

/** `urn:…:artist-royalties:v1 (input port "plays"; 1200 events read, last …)`. */
const describeConsumer = ({ use, observed }: TopicConsumer) =>
  `${use.consumer} (input port "${use.operations[0]}"; ${observed ? `${use.count} events read, last ${use.lastSeenAt}` : `declared in its publication of ${use.lastSeenAt}`})`;

/** One change of a topic's contract, and the fields whose readers it breaks (undefined: every reader). */
interface EventChange {
  readonly what: string;
  readonly field: string | undefined;
}

const typeName = (type: EventFieldType) => (typeof type === 'string' ? type : `one of ${type.enum.join(', ')}`);

/** Why a reader of a field of type `from` rejects values of type `to`, or undefined when it does not. */
function narrowing(from: EventFieldType, to: EventFieldType): string | undefined {
  if (typeof from !== 'string') {
    if (typeof to === 'string') return `changes type from ${typeName(from)} to ${to}`;
    const added = to.enum.filter((value) => !from.enum.includes(value));
    return added.length > 0 ? `gains the value${added.length === 1 ? '' : 's'} ${added.join(', ')}, which its readers reject` : undefined;
  }
  if (from === to || (from === 'string' && typeof to !== 'string') || (from === 'number' && to === 'integer')) return undefined;
  return `changes type from ${from} to ${typeName(to)}`;
}

function contractChanges(topic: string, before: EventContract, after: EventContract | undefined): EventChange[] {
  if (!after) return [{ what: `the topic "${topic}" loses its contract (or its output port)`, field: undefined }];
  const changes: EventChange[] = [];
  if (after.version !== before.version) changes.push({ what: `the events of "${topic}" change schema version from ${before.version} to ${after.version}, which readers of version ${before.version} reject`, field: undefined });
  for (const [name, field] of Object.entries(before.fields)) {
    const next = after.fields[name];
    const at = `${topic} ${before.name}.${name}`;
    if (!next) changes.push({ what: `"${at}" is removed`, field: name });
    else {
      if (field.required !== false && next.required === false) changes.push({ what: `"${at}" becomes optional`, field: name });
      const narrowed = narrowing(field.type, next.type);
      if (narrowed) changes.push({ what: `"${at}" ${narrowed}`, field: name });
    }
  }
  return changes;
}

/** Each data product of `others` that consumes `topic` (from its topic input port, or from the data product `producer` that publishes it), with what it was seen reading. */
function consumersOf(topic: string, producer: string, others: readonly RegisteredSubgraph[]): TopicConsumer[] {
  return others.flatMap((subgraph) =>
    subgraph.descriptors.flatMap((descriptor) =>
      descriptor.inputPorts.flatMap((port) => {
        if (!((port.kind === 'topic' && port.topic === topic) || (port.kind === 'dataProduct' && port.urn === producer))) return [];
        // A publication may carry the discovery port's live figures: what its topic consumer observed.
        const seen = (descriptor as Partial<DiscoveredDataProduct>).figures?.inputs?.find((input) => input.topic === topic);
        const use: ObservedUse = { consumer: descriptor.urn, operations: [port.name], count: seen?.eventsIn ?? 0, lastSeenAt: seen?.lastEventAt ?? subgraph.publishedAt };
        return [{ use, reads: port.reads, observed: seen !== undefined }];
      }),
    ),
  );
}

/**
 * The changes of a producer's topic contracts (`contract` on a topic output
 * port) that break their consumers' reading of the events: a topic or its
 * contract gone, a field removed, made optional or changed in type, an enum
 * value added, the schema version changed. Consumers are the data products
 * of the other subgraphs whose input ports read the topic (or its data
 * product), each reading the fields it lists in `reads`, else every field:
 * a change a consumer reads is an error (`event-contract`) naming it and its
 * input port; one nobody reads, a warning.
 */
export function eventContractChanges({ current, candidate, others }: EventContractChangesInput): CheckProblem[] {
  const contracts = (descriptors: readonly DataProductDescriptor[]) =>
    new Map(descriptors.flatMap((descriptor) => descriptor.outputPorts.flatMap((port) => (port.kind === 'topic' && port.contract ? [[port.topic, { contract: port.contract, urn: descriptor.urn }] as const] : []))));
  const after = contracts(candidate);
  const problems: CheckProblem[] = [];
  for (const [topic, { contract, urn }] of contracts(current)) {
    const consumers = consumersOf(topic, urn, others);
    for (const change of contractChanges(topic, contract, after.get(topic)?.contract)) {
      const broken = consumers.filter(({ reads }) => change.field === undefined || reads === undefined || reads.includes(change.field));
      const base = { check: 'event-contract', coordinate: topic };
      problems.push(
        broken.length > 0
          ? {
              ...base,
              severity: 'error',
              usedBy: broken.map(({ use }) => use),
              message: `${change.what}, but ${broken.length} consumer${broken.length === 1 ? ' reads' : 's read'} it: ${broken.map(describeConsumer).join('; ')}. Keep the contract and publish the new shape on a new topic (…v${Number(/\.v(\d+)$/.exec(topic)?.[1] ?? 1) + 1}) beside it until its consumers moved.`,
            }
          : { ...base, severity: 'warning', message: `${change.what}; no consumer of the mesh reads it.` },
      );
    }
  }
  return problems;
}
