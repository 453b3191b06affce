import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { failureReason } from '../../common/index.ts';
import { freePort } from '../support/freePort.ts';

describe('failureReason', () => {
  it('a refused connection is ECONNREFUSED, without the URL', async () => {
    const port = await freePort();
    const error = await fetch(`http://127.0.0.1:${port}/secret-path`).catch((e: unknown) => e);
    expect(failureReason(error)).toBe('ECONNREFUSED');
  });

  it('a request aborted by its signal (as AbortSignal.timeout does) is a timeout', async () => {
    const controller = new AbortController();
    // The server never answers; the request is aborted once it has arrived.
    const server = createServer(() => controller.abort());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const error = await fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }).catch((e: unknown) => e);
      expect(failureReason(error)).toBe('timeout');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a code on the error itself (node-fetch) or a plain message otherwise', () => {
    expect(failureReason(Object.assign(new Error('connect ECONNRESET 10.0.0.1:4002'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(failureReason(new Error('HTTP 502'))).toBe('HTTP 502');
    expect(failureReason('gone')).toBe('gone');
  });
});
