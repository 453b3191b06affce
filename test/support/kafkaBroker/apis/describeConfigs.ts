import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, BrokerContext, RequestContext } from './ApiHandler.ts';

const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

interface ResourceAnswer {
  errorCode: ErrorCode;
  errorMessage: string | null;
  type: number;
  name: string;
  entries: [string, string | null][];
}

function describe(broker: BrokerContext, type: number, name: string, names: string[] | null): ResourceAnswer {
  const answer = (errorCode: ErrorCode, errorMessage: string | null, entries: [string, string | null][] = []) => ({ errorCode, errorMessage, type, name, entries });
  if (type === ResourceType.BROKER) return answer(ErrorCode.NONE, null);
  if (type !== ResourceType.TOPIC) return answer(ErrorCode.INVALID_REQUEST, `resource type ${type} is not supported`);
  const topic = broker.store.get(name);
  if (!topic) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
  const entries = [...topic.configs].filter(([key]) => names === null || names.includes(key));
  return answer(ErrorCode.NONE, null, entries);
}

/**
 * DescribeConfigs (key 32) v0, for topics: the configs given at creation (the
 * broker has no defaults to show). Brokers describe as having no configs.
 */
export const describeConfigs: ApiHandler = {
  apiKey: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    const resources = request.array((r) => ({ type: r.int8(), name: r.string(), names: r.nullableArray((n) => n.string()) }));
    const answers = resources.map(({ type, name, names }) => describe(broker, type, name, names));
    return new Writer()
      .int32(0) // throttle_time_ms
      .array(answers, (w, a) =>
        w
          .int16(a.errorCode)
          .nullableString(a.errorMessage)
          .int8(a.type)
          .string(a.name)
          .array(a.entries, (ew, [key, value]) => ew.string(key).nullableString(value).boolean(false).boolean(false).boolean(false)),
      );
  },
};
