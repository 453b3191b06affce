export { createQueryGateway } from './createQueryGateway.ts';
export type { QueryGateway, QueryGatewayOptions, ServedSupergraph } from './createQueryGateway.ts';
export { compileResponseShape } from './compileResponseShape.ts';
export { runOperation } from './runOperation.ts';
export type { CompiledOperation } from './compileOperation.ts';
