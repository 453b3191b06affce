/** What a service process tells its supervisor over IPC: it listens (a gateway on the registry waits there for the first publication), then it is ready. */
export type ServiceMessage = { type: 'listening' | 'ready'; name: string; url: string };

/**
 * Runs a service until SIGINT, SIGTERM or the supervisor going away; reports
 * readiness to the supervisor; a start-up error ends the process with code 1
 * and a message that says what to fix: without a stack for `startUpErrors`,
 * the errors a person fixes by editing configuration or a descriptor. The
 * service names them (`SUBGRAPH_START_UP_ERRORS`, `GATEWAY_START_UP_ERRORS`),
 * so that this module loads neither the gateway nor the subgraph kit.
 */
export async function runService(
  name: string,
  start: () => Promise<{ url: string; ready?: Promise<void>; close(): Promise<void> }>,
  startUpErrors: ReadonlyArray<abstract new (...args: never[]) => Error>,
) {
  let starting: ReturnType<typeof start> | undefined;
  // A stop during start-up waits for the start to finish (or fail), then closes what it opened.
  const stop = async () => {
    const service = await starting?.catch(() => undefined);
    await service?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  try {
    starting = start();
    const service = await starting;
    process.send?.({ type: 'listening', name, url: service.url } satisfies ServiceMessage);
    await service.ready;
    const message: ServiceMessage = { type: 'ready', name, url: service.url };
    process.send?.(message);
  } catch (error) {
    const known = startUpErrors.some((type) => error instanceof type);
    process.stderr.write(`${name} cannot start: ${known && error instanceof Error ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
}
