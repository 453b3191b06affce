import type { GroupCoordinator } from '../GroupCoordinator.ts';
import type { Reader } from '../protocol/Reader.ts';
import type { Writer } from '../protocol/Writer.ts';
import type { TopicStore } from '../TopicStore.ts';

/** The broker's state and identity, shared by every request. */
export interface BrokerContext {
  readonly nodeId: number;
  /** Host and port the broker advertises in Metadata and FindCoordinator. */
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
  readonly autoCreateTopics: boolean;
  readonly store: TopicStore;
  readonly groups: GroupCoordinator;
  /** Every API the broker implements, for ApiVersions. */
  readonly apis: readonly ApiHandler[];
  /** A new producer id for InitProducerId. */
  nextProducerId(): bigint;
  /** SASL PLAIN users and their passwords; when set, a connection must authenticate before anything but ApiVersions and SASL. */
  readonly saslUsers?: Readonly<Record<string, string>>;
}

/** One request's context: its header fields and its connection. */
export interface RequestContext {
  readonly version: number;
  readonly clientId: string;
  readonly clientHost: string;
  /** Aborts when the connection closes, so long-polling requests stop waiting. */
  readonly signal: AbortSignal;
  /** The connection's authenticated user, once SASL succeeded. */
  readonly session: { principal?: string };
  readonly broker: BrokerContext;
}

/** One Kafka API: the versions it implements and how it answers them. */
export interface ApiHandler {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /**
   * Reads the request body and returns the response body, or `null` when the
   * request gets no response (Produce with acks 0). Throwing closes the
   * connection, as Kafka does with requests it cannot parse.
   */
  handle(request: Reader, context: RequestContext): Writer | null | Promise<Writer | null>;
}
