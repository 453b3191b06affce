import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, Kind, parse, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { sharedResolvers, sharedTypeDefs } from '../../schema/index.ts';
import type { DomainDefinition, DomainResolvers, SubgraphContext } from './Domain.ts';
import { withFederationLink, type FederationName } from './federationLink.ts';
import { linkPolysemes } from './linkPolysemes.ts';

/** A domain schema that cannot be built; the message names the file. */
export class DomainSchemaError extends Error {
  override name = 'DomainSchemaError';
}

/** The shared definitions the domain does not define itself, with `@shareable` named as the domain names it. */
function sharedDefinitionsFor(document: DocumentNode, name: FederationName) {
  const own = new Set(document.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : [])));
  const shareable = name('@shareable').slice(1);
  const renamed = visit(sharedTypeDefs, {
    Directive: (node) => (node.name.value === 'shareable' ? { ...node, name: { ...node.name, value: shareable } } : undefined),
  });
  return renamed.definitions.filter((d) => !('name' in d && d.name && own.has(d.name.value)));
}

function mergeResolvers(...maps: DomainResolvers[]): DomainResolvers {
  const merged: DomainResolvers = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const existing = merged[type];
      merged[type] = existing && !('serialize' in fields) ? { ...(existing as object), ...fields } : fields;
    }
  }
  return merged;
}

function entityResolvers(domain: DomainDefinition, document: DocumentNode, keyName: string): DomainResolvers {
  const resolvers: DomainResolvers = {};
  for (const typename of Object.keys(domain.entities ?? {})) {
    const isEntity = document.definitions.some(
      (d) =>
        (d.kind === Kind.OBJECT_TYPE_DEFINITION ||
          d.kind === Kind.OBJECT_TYPE_EXTENSION ||
          d.kind === Kind.INTERFACE_TYPE_DEFINITION ||
          d.kind === Kind.INTERFACE_TYPE_EXTENSION) &&
        d.name.value === typename &&
        d.directives?.some((directive) => `@${directive.name.value}` === keyName),
    );
    if (!isEntity) {
      throw new DomainSchemaError(
        `${domain.schema.source}: domain "${domain.name}" has an entity loader for "${typename}", but the schema declares no type "${typename}" with ${keyName}.`,
      );
    }
    resolvers[typename] = {
      __resolveReference: (reference: Record<string, unknown>, context: SubgraphContext) => context.loaders.load(typename, reference),
    };
  }
  return resolvers;
}

/**
 * Builds a domain's subgraph schema: links Federation 2 (unless the SDL does),
 * checks and links the polysemes, adds the shared scalars and types, wires
 * batched entity loaders, and runs `buildSubgraphSchema`. Errors name the file.
 * `annotate` may add to the linked document first (the fields' classifications).
 */
export function buildDomainSchema(
  domain: DomainDefinition,
  annotate: (document: DocumentNode, name: FederationName) => DocumentNode = (document) => document,
): { schema: GraphQLSchema; document: DocumentNode } {
  const { source } = domain.schema;
  let parsed: DocumentNode;
  try {
    parsed = parse(domain.schema.sdl);
  } catch (error) {
    throw new DomainSchemaError(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const linked = withFederationLink(parsed);
  const { document: withUrns, urnResolvers } = linkPolysemes(linked.document, linked.name, source);
  const document = annotate({ ...withUrns, definitions: [...withUrns.definitions, ...sharedDefinitionsFor(withUrns, linked.name)] }, linked.name);
  const resolvers = mergeResolvers(sharedResolvers, urnResolvers, entityResolvers(domain, document, linked.name('@key')), domain.resolvers);
  try {
    return { schema: buildSubgraphSchema([{ typeDefs: document, resolvers: resolvers as never }]), document };
  } catch (error) {
    const causes = (error as { errors?: unknown[] }).errors;
    const detail = Array.isArray(causes) && causes.length > 0
      ? causes.map((cause) => (cause instanceof GraphQLError ? cause.message : String(cause))).join('\n  ')
      : error instanceof Error ? error.message : String(error);
    throw new DomainSchemaError(`${source}: the schema of domain "${domain.name}" is not a valid subgraph:\n  ${detail}`);
  }
}
