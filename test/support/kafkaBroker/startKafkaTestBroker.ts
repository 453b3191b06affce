import { createServer, type AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { API_HANDLERS, type BrokerContext } from './apis/index.ts';
import { Connection } from './Connection.ts';
import { dispatch } from './dispatch.ts';
import { GroupCoordinator } from './GroupCoordinator.ts';
import { TopicStore } from './TopicStore.ts';

/** How {@link startKafkaTestBroker} sets the broker up. */
export interface KafkaTestBrokerOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Partitions of topics created on first use (auto-create) or with no count. @default 1 */
  defaultPartitions?: number;
  /** Create topics when a producer or consumer names an unknown one. @default true */
  autoCreateTopics?: boolean;
  /** Require SASL PLAIN with one of these users (name → password), as a broker with SASL listeners does. @default none: no authentication */
  saslUsers?: Record<string, string>;
  /** Speak TLS with this PEM key and certificate, as a broker with SSL listeners does. @default plain TCP */
  tls?: { key: string; cert: string };
}

/** A running test broker. */
export interface KafkaTestBroker {
  /** `host:port`, for kafkajs `brokers: [broker.address]`. */
  address: string;
  port: number;
  /** Topics and their partitions' end offsets, for assertions. */
  topics(): Map<string, number[]>;
  /** Number of open client connections. */
  connections(): number;
  /** Drops every client connection (to test reconnects); the broker keeps its data and keeps listening. */
  dropConnections(): void;
  close(): Promise<void>;
}

const NODE_ID = 1;

/**
 * Starts a single-node Kafka broker in this process, in memory, speaking
 * enough of the wire protocol for kafkajs 2.2.4: topics, produce and fetch
 * with record batches v2, offsets, and consumer groups. Node 1 is the
 * controller, the leader of every partition and the coordinator of every group.
 */
export async function startKafkaTestBroker(options: KafkaTestBrokerOptions = {}): Promise<KafkaTestBroker> {
  const host = options.host ?? '127.0.0.1';
  const store = new TopicStore(options.defaultPartitions ?? 1);
  const groups = new GroupCoordinator();
  const connections = new Set<Connection>();
  const server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }) : createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {}); // accept errors must not crash the test process
  const { port } = server.address() as AddressInfo;

  let lastProducerId = 0n;
  const broker: BrokerContext = {
    nodeId: NODE_ID,
    host,
    port,
    clusterId: 'kafka-test-broker',
    autoCreateTopics: options.autoCreateTopics ?? true,
    store,
    groups,
    apis: API_HANDLERS,
    nextProducerId: () => ++lastProducerId,
    ...(options.saslUsers ? { saslUsers: { ...options.saslUsers } } : {}),
  };

  server.on(options.tls ? 'secureConnection' : 'connection', (socket) => {
    const connection = new Connection(socket, (frame, info) => dispatch(frame, info, broker));
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  });

  const dropConnections = () => {
    for (const connection of connections) connection.close();
    connections.clear();
  };

  let closing: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    port,
    topics: () => store.endOffsets(),
    connections: () => [...connections].filter((c) => c.isOpen).length,
    dropConnections,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropConnections();
        groups.close();
        store.close();
      })),
  };
}
