import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes all of `buffer` at `position`: a write to a file may write less than asked. */
export async function writeFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, done, buffer.length - done, position + done);
    done += bytesWritten;
  }
}

/** Reads into `buffer` from `position` until it is full or the file ends; returns the bytes read. */
export async function readFully(handle: FileHandle, buffer: Buffer, position: number, length = buffer.length): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * Makes a directory's entries durable (a new, renamed or removed file). A
 * rename is only crash-safe once its directory is synced.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for syncing there; NTFS journals entries
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file so that a crash leaves either the old content or the new one,
 * never a mix: write a temporary file next to it, fsync it, move it into
 * place, fsync the directory. With `replace: false` the move is a hard link,
 * which fails with EEXIST instead of overwriting a file another process
 * created meanwhile. `mode` sets the file's permissions (e.g. `0o600`), from
 * its first byte on; without it, the usual `0o666` less the umask.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, options: { replace: boolean; mode?: number }): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode);
  // open's mode is masked by the umask; chmod sets exactly what was asked.
  if (options.mode !== undefined) await handle.chmod(options.mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.replace) await rename(temp, path);
    else await link(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (!options.replace) await unlink(temp);
  await fsyncDir(dir);
}
