import { randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Logger } from '../../logger/index.ts';
import { writeFileAtomic } from '../../storage/durableFiles.ts';

interface LockHolder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** Lock files held by log instances of this process, so a second instance in the same process is refused too. */
const heldInThisProcess = new Set<string>();

/** Thrown when another process (or another log instance of this one) appends to the topic. */
export class TopicLockedError extends Error {
  constructor(
    readonly topic: string,
    readonly holder: { pid: number; host: string },
    readonly lockPath: string,
  ) {
    const who =
      holder.pid === process.pid && holder.host === hostname()
        ? `another embedded log instance of this process (pid ${holder.pid})`
        : `process ${holder.pid}${holder.host === hostname() ? '' : ` on host ${holder.host}`}`;
    super(`topic "${topic}" is locked for appending by ${who}: only one process may append to a topic (lock file ${lockPath})`);
    this.name = 'TopicLockedError';
  }
}

/**
 * The exclusive right to append to one topic: an `append.lock` file holding
 * the owner's pid. It is created whole (written aside, then hard-linked into
 * place, which fails if the file exists), so a reader never sees it half
 * written. A lock whose process is gone is taken over.
 */
export class AppendLock {
  private released = false;

  private constructor(
    readonly path: string,
    private readonly token: string,
  ) {}

  /** Takes the topic's lock, or throws `TopicLockedError` naming who holds it. */
  static async acquire(options: { path: string; topic: string; logger: Logger }): Promise<AppendLock> {
    const path = resolve(options.path);
    // Claimed synchronously, so two instances of this process cannot both pass the check below.
    if (heldInThisProcess.has(path)) throw new TopicLockedError(options.topic, { pid: process.pid, host: hostname() }, path);
    heldInThisProcess.add(path);
    try {
      return await AppendLock.take(path, options.topic, options.logger);
    } catch (error) {
      heldInThisProcess.delete(path);
      throw error;
    }
  }

  private static async take(path: string, topic: string, logger: Logger): Promise<AppendLock> {
    const token = randomBytes(8).toString('hex');
    const content = JSON.stringify({ pid: process.pid, host: hostname(), token, since: new Date().toISOString() } satisfies LockHolder);
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFileAtomic(path, content, { replace: false, mode: 0o600 });
        return new AppendLock(path, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      if (holder === 'gone') continue; // released between our attempt and the read
      if (holder !== 'unreadable' && isAlive(holder)) throw new TopicLockedError(topic, holder, path);
      if (attempt >= 3) throw new Error(`could not take over the append lock of topic "${topic}" (${path})`);
      logger.warn('taking over a stale append lock', { topic, lock: path, stalePid: holder === 'unreadable' ? 'unreadable' : holder.pid });
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }

  /** Gives the lock up, unless someone has taken it over meanwhile. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const holder = await readHolder(this.path);
    if (typeof holder === 'object' && holder.token === this.token) await unlink(this.path).catch(() => undefined);
    heldInThisProcess.delete(this.path);
  }
}

async function readHolder(path: string): Promise<LockHolder | 'gone' | 'unreadable'> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    if (!Number.isInteger(holder.pid) || typeof holder.host !== 'string' || typeof holder.token !== 'string') return 'unreadable';
    return holder as LockHolder;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // cannot tell; a shared folder on another machine
  // No instance of this process holds it (we just claimed it), so an earlier process had our pid.
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
