import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import { isValidTopicName, type Topic } from '../TopicStore.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

const int32 = (w: Writer, value: number) => void w.int32(value);

interface TopicAnswer {
  errorCode: ErrorCode;
  name: string;
  topic?: Topic | undefined;
}

/**
 * Metadata (key 3) v4: `topics` null means every topic, and unknown topics are
 * created when both the request (allow_auto_topic_creation) and the broker
 * allow it. Every partition is led by this node, its only replica.
 */
export const metadata: ApiHandler = {
  apiKey: 3,
  name: 'Metadata',
  minVersion: 4,
  maxVersion: 4,
  handle(request: Reader, { broker }: RequestContext) {
    const requested = request.nullableArray((r) => r.string());
    const allowAutoTopicCreation = request.boolean();
    const names = requested === null ? broker.store.names() : [...new Set(requested)];
    const answers = names.map((name): TopicAnswer => {
      if (!isValidTopicName(name)) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name };
      let topic = broker.store.get(name);
      if (!topic && allowAutoTopicCreation && broker.autoCreateTopics) topic = broker.store.create(name);
      return topic ? { errorCode: ErrorCode.NONE, name, topic } : { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name };
    });
    const replicas = [broker.nodeId];
    return new Writer()
      .int32(0) // throttle_time_ms
      .array([broker], (w, b) => w.int32(b.nodeId).string(b.host).int32(b.port).nullableString(null))
      .nullableString(broker.clusterId)
      .int32(broker.nodeId) // controller_id
      .array(answers, (w, { errorCode, name, topic }) =>
        w
          .int16(errorCode)
          .string(name)
          .boolean(false) // is_internal
          .array(
            (topic?.partitions ?? []).map((_log, index) => index),
            (pw, partition) => pw.int16(ErrorCode.NONE).int32(partition).int32(broker.nodeId).array(replicas, int32).array(replicas, int32),
          ),
      );
  },
};
