import type { ApiHandler } from './ApiHandler.ts';
import { apiVersions } from './apiVersions.ts';
import { createTopics } from './createTopics.ts';
import { deleteGroups } from './deleteGroups.ts';
import { describeConfigs } from './describeConfigs.ts';
import { describeGroups } from './describeGroups.ts';
import { fetch } from './fetch.ts';
import { findCoordinator } from './findCoordinator.ts';
import { heartbeat } from './heartbeat.ts';
import { initProducerId } from './initProducerId.ts';
import { joinGroup } from './joinGroup.ts';
import { leaveGroup } from './leaveGroup.ts';
import { listOffsets } from './listOffsets.ts';
import { metadata } from './metadata.ts';
import { offsetCommit } from './offsetCommit.ts';
import { offsetFetch } from './offsetFetch.ts';
import { produce } from './produce.ts';
import { saslAuthenticate } from './saslAuthenticate.ts';
import { saslHandshake } from './saslHandshake.ts';
import { syncGroup } from './syncGroup.ts';

/** Every API the broker implements, by api key. */
export const API_HANDLERS: readonly ApiHandler[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  apiVersions,
  createTopics,
  initProducerId,
  describeConfigs,
  deleteGroups,
  saslHandshake,
  saslAuthenticate,
];

export type { ApiHandler, BrokerContext, RequestContext } from './ApiHandler.ts';
export { unsupportedApiVersionsResponse } from './apiVersions.ts';
