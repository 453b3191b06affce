import { executeSync, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { DataProductDescriptor } from '../../schema/index.ts';
import type { MeshPolicy } from '../../governance/policy/index.ts';
import { buildDomainSchema } from './buildDomainSchema.ts';
import { classificationConflicts } from './classificationConflicts.ts';
import { classifySchema } from './classifySchema.ts';
import { DescriptorError } from './DescriptorError.ts';
import type { DomainDefinition } from './Domain.ts';
import { meshPolicyProblems } from './meshPolicyProblems.ts';
import { validateDataProducts } from './validateDataProducts.ts';

/** A domain's subgraph as it would serve it: the schema with its fields' classifications, and the validated descriptors. */
export interface DomainSubgraph {
  schema: GraphQLSchema;
  /** The linked document the schema was built from (polysemes' `urn`, shared types, `@classified`). */
  document: DocumentNode;
  descriptors: DataProductDescriptor[];
  /** The SDL the subgraph gives the gateway (`{ _service { sdl } }`): what a registry records and composes. */
  sdl(): string;
}

const SERVICE_SDL = parse('{ _service { sdl } }');

/**
 * Builds what a domain serves, without serving it or opening its event log:
 * checks the schema and polysemes, validates the descriptors against the
 * schema and the mesh `policy` (classification floors, auto-approval), and
 * puts the fields' classifications into the schema. Throws the start-up
 * errors (`DomainSchemaError`, `PolysemeError`, `DescriptorError`) naming the
 * file, data product or field. `createSubgraphServer` and `meshgraph check` run it.
 */
export function buildDomainSubgraph(domain: DomainDefinition, policy: { policy: MeshPolicy; source: string }): DomainSubgraph {
  const descriptors = validateDataProducts(domain, domain.dataProducts, buildDomainSchema(domain).schema, policy);
  const problems = [...classificationConflicts(descriptors), ...meshPolicyProblems(descriptors, policy.policy, policy.source)];
  if (problems.length > 0) throw new DescriptorError(domain.name, problems);
  // The classifications go into the SDL, so the gateway enforces what the descriptors say with every composition.
  const { schema, document } = buildDomainSchema(domain, (document, name) => classifySchema(document, descriptors, name));
  return {
    schema,
    document,
    descriptors,
    sdl: () => (executeSync({ schema, document: SERVICE_SDL }).data as { _service: { sdl: string } })._service.sdl,
  };
}
