import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { AppendRefusedError, HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

const PLAYS = 'podcasts.episode-plays.v1';
const play = (producer: string): NewRecord => ({ key: 'e-1', value: '{"episodeId":"e-1"}', headers: { [HEADERS.producer]: producer } });

describe('only a topic’s owning domain appends to it', () => {
  const leftovers = useLeftovers();
  const tempDir = async () => leftovers.track(await createTempDir('meshgraph-owner-')).path;
  const open = async (dataDir: string, principal?: string) => leftovers.track(await createEmbeddedLog({ dataDir, ...(principal ? { principal } : {}) }));

  it('records the creating domain as the owner and refuses a foreign writer, naming topic, owner and caller', async () => {
    const dataDir = await tempDir();
    const podcasts = await open(dataDir, 'podcasts');
    await podcasts.createTopic({ name: PLAYS });
    await podcasts.append(PLAYS, [play('podcasts')]);
    expect(JSON.parse(await readFile(join(dataDir, 'topics', PLAYS, 'topic.json'), 'utf8'))).toMatchObject({ owner: 'podcasts' });
    await podcasts.close();

    const artists = await open(dataDir, 'artists');
    const refused = artists.append(PLAYS, [play('podcasts')]);
    await expect(refused).rejects.toBeInstanceOf(AppendRefusedError);
    await expect(refused).rejects.toThrow(/"podcasts\.episode-plays\.v1".*owned by "podcasts".*"artists"/);
    expect(await artists.endOffsets(PLAYS)).toEqual([1]);
  });

  it('refuses a record whose producer header names another domain, whoever appends it', async () => {
    const dataDir = await tempDir();
    const podcasts = await open(dataDir, 'podcasts');
    await podcasts.createTopic({ name: PLAYS });
    await expect(podcasts.append(PLAYS, [play('podcasts'), play('artists')])).rejects.toThrow(/record 1 .*producer "artists".*owned by "podcasts"/);
    const anonymous = await open(dataDir);
    await expect(anonymous.append(PLAYS, [play('insights')])).rejects.toBeInstanceOf(AppendRefusedError);
    expect(await anonymous.endOffsets(PLAYS)).toEqual([0]);
  });

  it('refuses a record that names no producer: 2,500 well-formed plays from a tool that does not say whose they are add nothing', async () => {
    const dataDir = await tempDir();
    const podcasts = await open(dataDir, 'podcasts');
    await podcasts.createTopic({ name: PLAYS });
    const anonymous = await open(dataDir);
    const phantoms = Array.from({ length: 2_500 }, (_, i) => ({ key: `l-${i}`, value: '{"episodeId":"e-phantom"}' }));
    await expect(anonymous.append(PLAYS, phantoms)).rejects.toThrow(/record 0 .*no "producer" header.*owned by "podcasts"/);
    expect(await anonymous.endOffsets(PLAYS)).toEqual([0]);
  });

  it('a consumer that creates the topic first names its declared owner, so the consumer cannot write to it', async () => {
    const dataDir = await tempDir();
    const artists = await open(dataDir, 'artists');
    await artists.createTopic({ name: PLAYS, owner: 'podcasts' });
    await expect(artists.append(PLAYS, [play('artists')])).rejects.toThrow(/owned by "podcasts"/);
    await expect(artists.createTopic({ name: PLAYS, owner: 'artists' })).rejects.toThrow(/owned by "podcasts".*cannot be claimed by "artists"/);
    const podcasts = await open(dataDir, 'podcasts');
    await expect(podcasts.append(PLAYS, [play('podcasts')])).resolves.toHaveLength(1);
  });

  it('a topic from before owners stays open until its declared owner claims it', async () => {
    const dataDir = await tempDir();
    const old = await open(dataDir);
    await old.createTopic({ name: PLAYS });
    await old.append(PLAYS, [play('podcasts')]);
    await old.close();

    const podcasts = await open(dataDir, 'podcasts');
    await podcasts.createTopic({ name: PLAYS, owner: 'podcasts' });
    await expect(podcasts.append(PLAYS, [play('podcasts')])).resolves.toEqual([{ topic: PLAYS, partition: 0, offset: 1 }]);
    await podcasts.close();
    const artists = await open(dataDir, 'artists');
    await expect(artists.append(PLAYS, [play('podcasts')])).rejects.toBeInstanceOf(AppendRefusedError);
  });
});
