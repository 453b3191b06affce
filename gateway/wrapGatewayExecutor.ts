import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';

/** `gateway` with the executor it loads wrapped by `wrap`; schema updates and stopping go to `gateway` as they are. */
export function wrapGatewayExecutor(gateway: GatewayInterface, wrap: (executor: GatewayExecutor) => GatewayExecutor): GatewayInterface {
  return {
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && wrap(loaded.executor) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}
