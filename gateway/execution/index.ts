export { createQueryGateway } from './createQueryGateway.ts';
export type { QueryGateway, QueryGatewayOptions, ServedSupergraph } from './createQueryGateway.ts';
