import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import { isValidTopicName } from '../TopicStore.ts';
import type { ApiHandler, BrokerContext, RequestContext } from './ApiHandler.ts';

interface TopicRequest {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignedPartitions: number;
  configs: Map<string, string | null>;
}

function readTopic(r: Reader): TopicRequest {
  const name = r.string();
  const numPartitions = r.int32();
  const replicationFactor = r.int16();
  const assignedPartitions = r.array((a) => [a.int32(), a.array((b) => b.int32())] as const).length;
  const configs = new Map(r.array((c) => [c.string(), c.nullableString()] as const));
  return { name, numPartitions, replicationFactor, assignedPartitions, configs };
}

/** Creates one topic, or says why not, with Kafka's error codes. */
function create(broker: BrokerContext, request: TopicRequest): ErrorCode {
  if (!isValidTopicName(request.name)) return ErrorCode.INVALID_TOPIC_EXCEPTION;
  if (broker.store.get(request.name)) return ErrorCode.TOPIC_ALREADY_EXISTS;
  // -1 asks for the broker's default, as does an explicit replica assignment's count.
  const partitions = request.assignedPartitions > 0 ? request.assignedPartitions : request.numPartitions === -1 ? broker.store.defaultPartitions : request.numPartitions;
  if (partitions < 1) return ErrorCode.INVALID_PARTITIONS;
  if (request.replicationFactor > 1 || request.replicationFactor === 0 || request.replicationFactor < -1) return ErrorCode.INVALID_REPLICATION_FACTOR;
  broker.store.create(request.name, partitions, request.configs);
  return ErrorCode.NONE;
}

/**
 * CreateTopics (key 19) v0. Configs such as `cleanup.policy=compact` are
 * kept (DescribeConfigs shows them) but change nothing: nothing is ever
 * compacted or deleted. An existing topic answers TOPIC_ALREADY_EXISTS, which
 * kafkajs turns into `createTopics()` resolving `false`.
 */
export const createTopics: ApiHandler = {
  apiKey: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    const topics = request.array(readTopic);
    request.int32(); // timeout_ms: creation is immediate
    const counts = new Map<string, number>();
    for (const { name } of topics) counts.set(name, (counts.get(name) ?? 0) + 1);
    // A topic named twice in one request is refused in both places, as in Kafka.
    const results = topics.map((topic) => ({
      name: topic.name,
      errorCode: (counts.get(topic.name) ?? 0) > 1 ? ErrorCode.INVALID_REQUEST : create(broker, topic),
    }));
    return new Writer().array(results, (w, { name, errorCode }) => w.string(name).int16(errorCode));
  },
};
