import type { Kafka } from 'kafkajs';

/**
 * Sets the committed offsets of a consumer group that has no running
 * readers, as kafkajs's `admin.setOffsets` does it: a member of the group,
 * with every partition paused, seeks each partition (which commits it) and
 * stops at its first fetch. Paused, a member sleeps its fetch wait before
 * that fetch: kafkajs's admin gives it the 5 s default, ours 250 ms, as
 * readers have.
 */
export async function setGroupOffsets(kafka: Kafka, groupId: string, topic: string, offsets: Readonly<Record<number, number>>): Promise<void> {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const { state } = await consumer.describeGroup();
    if (state !== 'Empty' && state !== 'Dead') {
      throw new Error(`Consumer group "${groupId}" is ${state}: close its readers before setting its offsets of "${topic}".`);
    }
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => void consumer.stop().then(resolve, reject));
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => {} }).catch(reject);
      consumer.pause([{ topic }]);
      for (const [partition, offset] of Object.entries(offsets)) consumer.seek({ topic, partition: Number(partition), offset: String(offset) });
    });
  } finally {
    await consumer.disconnect();
  }
}
