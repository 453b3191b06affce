/**
 * Child process of `npm run bench:shared-append`: opens the embedded log in
 * `<dataDir>`, creates `<topic>` (3 partitions, shared-append when `<shared>`
 * is `shared`), sends `ready` to its parent, waits for `go`, then appends
 * `<records>` play-sized records from `<loops>` concurrent loops of `<batch>`
 * records per append, and sends `done` with the milliseconds it took.
 *
 *     node --import tsx sharedAppender.ts <dataDir> <topic> <records> <batch> <loops> <shared|exclusive>
 */
import { once } from 'node:events';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';

const [dataDir, topic, records, batch, loops, mode] = process.argv.slice(2);
if (!dataDir || !topic || !records || !batch || !loops || !mode) throw new Error('usage: sharedAppender.ts <dataDir> <topic> <records> <batch> <loops> <shared|exclusive>');
const [total, size] = [Number(records), Number(batch)];

const log = await createEmbeddedLog({ dataDir });
await log.createTopic({ name: topic, partitions: 3, sharedAppend: mode === 'shared' });
process.send!({ type: 'ready' });
await once(process, 'message');

const value = JSON.stringify({ playId: `play-${process.pid}`, listenerId: 'l-1', episodeId: 'e-1', podcastId: 'p-1', secondsPlayed: 120, device: 'MOBILE', country: 'GB', occurredAt: new Date().toISOString() });
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(loops) }, async () => {
    while (next < total) {
      const count = Math.min(size, total - next);
      next += count;
      await log.append(topic, Array.from({ length: count }, (_, i) => ({ key: `l-${(next + i) % 1000}`, value })));
    }
  }),
);
const ms = performance.now() - started;
await log.close();
process.send!({ type: 'done', ms });
