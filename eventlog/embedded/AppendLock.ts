import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { link, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../../logger/index.ts';
import { writeFileAtomic } from '../../storage/durableFiles.ts';

interface LockHolder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** Lock files held by log instances of this process (so a second instance in the same process is refused too), each with its release. */
const heldInThisProcess = new Map<string, Promise<void>>();
/**
 * Per shared-append lock path: this process's holder record, written once
 * next to the lock and hard-linked into place for each turn (one `link`),
 * and its inode, which tells at release that the lock is still ours.
 */
const holderFiles = new Map<string, Promise<{ file: string; token: string; ino: number }>>();
/** The longest pause between two looks at a lock another process holds, when no change of the file was noticed (a holder killed). */
const MAX_PAUSE_MS = 25;

/** How to take a topic's append lock. */
export interface AppendLockOptions {
  /** The lock file, `topics/<topic>/append.lock`. */
  path: string;
  /** The topic's name, for errors and log lines. */
  topic: string;
  logger: Logger;
  /**
   * Wait up to this long for a live holder to give the lock up, instead of
   * throwing at once: for shared-append topics, whose appenders take it for
   * one append. Such a lock is written without fsync: it is only ever seen
   * whole, and a crash leaves no holder alive to need it: it is a hard link
   * to a holder file this process writes once per topic (see `forget`).
   * @default 0: throw `TopicLockedError` at once, and write the lock durably
   */
  waitMs?: number;
}

/** Thrown when another process (or another log instance of this one) appends to the topic. */
export class TopicLockedError extends Error {
  constructor(
    readonly topic: string,
    readonly holder: { pid: number; host: string },
    readonly lockPath: string,
    /** Of a shared-append topic: how long the append waited for its turn. */
    readonly waitedMs?: number,
  ) {
    const who =
      holder.pid === process.pid && holder.host === hostname()
        ? `another embedded log instance of this process (pid ${holder.pid})`
        : `process ${holder.pid}${holder.host === hostname() ? '' : ` on host ${holder.host}`}`;
    super(
      waitedMs === undefined
        ? `topic "${topic}" is locked for appending by ${who}: only one process may append to a topic (lock file ${lockPath})`
        : `topic "${topic}" is shared-append, but ${who} held its append lock for all of the ${waitedMs} ms this append waited for its turn (lock file ${lockPath})`,
    );
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
    private readonly letGo: () => void,
    /** Of a shared-append lock: the inode of this process's holder file. */
    private readonly ino?: number,
  ) {}

  /** Removes this process's holder file of a shared-append lock (when its topic closes). */
  static async forget(lockPath: string): Promise<void> {
    const path = resolve(lockPath);
    const holder = holderFiles.get(path);
    holderFiles.delete(path);
    const { file } = (await holder?.catch(() => undefined)) ?? {};
    if (file !== undefined) await unlink(file).catch(() => undefined);
  }

  /**
   * Takes the topic's lock, or throws `TopicLockedError` naming who holds it
   * (with `waitMs`: once it waited that long for the holder to let go).
   */
  static async acquire(options: AppendLockOptions): Promise<AppendLock> {
    const { topic, logger, waitMs = 0 } = options;
    const path = resolve(options.path);
    const deadline = performance.now() + waitMs;
    let changes: LockWatch | undefined;
    try {
      for (let pause = 1; ; pause = Math.min(2 * pause, MAX_PAUSE_MS)) {
        const left = deadline - performance.now();
        const held = heldInThisProcess.get(path);
        if (held) {
          if (left <= 0) throw new TopicLockedError(topic, { pid: process.pid, host: hostname() }, path, waitMs > 0 ? waitMs : undefined);
          await within(held, left);
          continue;
        }
        // Claimed synchronously, so two instances of this process cannot both pass the check above.
        let letGo!: () => void;
        heldInThisProcess.set(path, new Promise<void>((resolve) => (letGo = resolve)));
        try {
          return await AppendLock.take(path, topic, logger, letGo, waitMs === 0);
        } catch (error) {
          heldInThisProcess.delete(path);
          letGo();
          if (!(error instanceof TopicLockedError) || waitMs === 0) throw error;
          if (left <= 0) throw new TopicLockedError(topic, error.holder, path, waitMs);
        }
        changes ??= new LockWatch(path);
        await changes.next(Math.min(pause, left));
      }
    } finally {
      changes?.close();
    }
  }

  private static async take(path: string, topic: string, logger: Logger, letGo: () => void, durable: boolean): Promise<AppendLock> {
    const token = randomBytes(8).toString('hex');
    const content = JSON.stringify({ pid: process.pid, host: hostname(), token, since: new Date().toISOString() } satisfies LockHolder);
    for (let attempt = 0; ; attempt++) {
      const shared = durable ? undefined : await holderFileOf(path);
      try {
        if (shared) await link(shared.file, path);
        else await writeFileAtomic(path, content, { replace: false, mode: 0o600 });
        return new AppendLock(path, shared?.token ?? token, letGo, shared?.ino);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Our holder file was removed (taken for a dead process's): write another.
        if (shared && code === 'ENOENT') holderFiles.delete(path);
        if (code !== 'EEXIST') {
          if (shared && code === 'ENOENT' && attempt < 3) continue;
          throw error;
        }
      }
      const holder = await readHolder(path);
      if (holder === 'gone') continue; // released between our attempt and the read
      if (holder !== 'unreadable' && isAlive(holder)) throw new TopicLockedError(topic, holder, path);
      if (attempt >= 3) throw new Error(`could not take over the append lock of topic "${topic}" (${path})`);
      // Another waiter may have taken it over first and holds it now: look again just before removing it.
      const again = await readHolder(path);
      if (typeof holder === 'object' && (typeof again !== 'object' || again.token !== holder.token)) continue;
      logger.warn('taking over a stale append lock', { topic, lock: path, stalePid: holder === 'unreadable' ? 'unreadable' : holder.pid });
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await removeDeadHolderFiles(path, (await holderFiles.get(path)?.catch(() => undefined))?.file);
    }
  }

  /** Gives the lock up, unless someone has taken it over meanwhile. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      if (this.ino !== undefined) {
        const ours = await stat(this.path).then(({ ino }) => ino === this.ino, () => false);
        if (ours) await unlink(this.path).catch(() => undefined);
      } else {
        const holder = await readHolder(this.path);
        if (typeof holder === 'object' && holder.token === this.token) await unlink(this.path).catch(() => undefined);
      }
    } finally {
      heldInThisProcess.delete(this.path);
      this.letGo();
    }
  }
}

/** Notices changes of a lock file (`fs.watch` on its folder), so a waiter tries again as soon as the holder lets go. */
class LockWatch {
  private changed = false;
  private wake: (() => void) | undefined;
  private readonly watcher: FSWatcher | undefined;

  constructor(path: string) {
    const name = basename(path);
    try {
      this.watcher = watch(dirname(path), { persistent: false }, (_, file) => {
        if (file !== name) return;
        this.changed = true;
        this.wake?.();
      });
      this.watcher.on('error', () => this.watcher?.close()); // the pause still ends each wait
    } catch {
      // fs.watch is unavailable: each wait lasts its pause
    }
  }

  /** Resolves at the next change of the file (at once if one came since the last wait), or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.changed = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (this.changed) done();
      else this.wake = done;
    });
  }

  close(): void {
    this.watcher?.close();
  }
}

/** Resolves once `promise` does, or after `ms`, whichever comes first. */
function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(() => (clearTimeout(timer), resolve()));
  });
}

function holderFileName(lockPath: string, pid: number, token: string): string {
  return resolve(dirname(lockPath), `.${basename(lockPath)}.${pid}.${token}.holder`);
}

/** This process's holder file for a shared-append lock, written whole before any link to it exists. */
function holderFileOf(path: string): Promise<{ file: string; token: string; ino: number }> {
  let holder = holderFiles.get(path);
  if (!holder) {
    holder = (async () => {
      await removeDeadHolderFiles(path);
      const token = randomBytes(8).toString('hex');
      const file = holderFileName(path, process.pid, token);
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), token, since: new Date().toISOString() } satisfies LockHolder));
        return { file, token, ino: (await handle.stat()).ino };
      } finally {
        await handle.close();
      }
    })();
    holder.catch(() => holderFiles.delete(path));
    holderFiles.set(path, holder);
  }
  return holder;
}

/**
 * Removes the holder files that processes of this host left when they died
 * (a kill, a crash), holding the lock or not; `ours` is this process's own.
 */
async function removeDeadHolderFiles(lockPath: string, ours?: string): Promise<void> {
  const prefix = `.${basename(lockPath)}.`;
  const names = await readdir(dirname(lockPath)).catch(() => []);
  for (const name of names) {
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!name.startsWith(prefix) || !name.endsWith('.holder') || !Number.isInteger(pid) || (ours !== undefined && name === basename(ours))) continue;
    if (!isAlive({ pid, host: hostname(), token: '', since: '' })) await unlink(resolve(dirname(lockPath), name)).catch(() => undefined);
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
