import { buildSubgraph } from '@apollo/federation-internals';
import { GraphQLError, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { MeshPolicy } from '../../governance/policy/index.ts';
import { DescriptorError } from '../../subgraphs/kit/DescriptorError.ts';
import { withFederationLink } from '../../subgraphs/kit/federationLink.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import type { CheckProblem, CheckReport } from '../CheckReport.ts';
import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';
import { composeWithMesh, type MeshComposition } from './composeWithMesh.ts';
import { compositionProblems } from './compositionProblems.ts';
import { polysemeOwnerStandIns } from './polysemeOwnerStandIns.ts';
import { descriptorProblems } from './descriptorProblems.ts';
import { namingProblems } from './namingProblems.ts';
import { outputPortProblems } from './outputPortProblems.ts';
import { policyWeakeningProblems } from './policyWeakeningProblems.ts';
import { polysemeKeyProblems } from './polysemeKeyProblems.ts';
import { sloProblems } from './sloProblems.ts';
import { descriptorFindings } from './startProblems.ts';
import type { CheckContext, DescriptorFinding, SubgraphCheck } from './SubgraphCheck.ts';
import { unclassifiedFieldProblems } from './unclassifiedFieldProblems.ts';

/** The mesh a candidate subgraph is checked against. */
export interface CheckMesh {
  /** The mesh's subgraphs as they are published; one with the candidate's name is the version the candidate replaces, and is left out. */
  readonly subgraphs: readonly RegisteredSubgraph[];
  /** The mesh policy no domain may weaken. */
  readonly policy: MeshPolicy;
  /** Where the policy came from, for messages. @default 'the mesh policy' */
  readonly policySource?: string;
  /** The topics of the mesh's event log, to look up topic ports in. @default unknown: topic ports are not looked up */
  readonly topics?: readonly string[];
  /** Checks to run besides the mesh's standards (e.g. breaking changes against observed use). @default none */
  readonly extraChecks?: readonly SubgraphCheck[];
  /** Compose the candidate with stand-ins for the owners of the polysemes it declares that `subgraphs` lacks (`polysemeOwnerStandIns`): for a check against the standards alone, with no mesh to compose with. @default false */
  readonly standIns?: boolean;
}

/** The mesh's standards as code, in the order a report lists them. */
export const STANDARD_CHECKS: readonly SubgraphCheck[] = [
  compositionProblems,
  descriptorProblems,
  unclassifiedFieldProblems,
  namingProblems,
  polysemeKeyProblems,
  outputPortProblems,
  sloProblems,
  policyWeakeningProblems,
];

const schemaProblem = (message: string): CheckProblem => ({ check: 'schema', severity: 'error', message });

/** The messages of an error that may carry causes (`buildSubgraph`'s). */
function messagesOf(error: unknown): string[] {
  const causes = (error as { causes?: unknown[]; errors?: unknown[] }).causes ?? (error as { errors?: unknown[] }).errors;
  if (Array.isArray(causes) && causes.length > 0) return causes.map((cause) => (cause instanceof GraphQLError || cause instanceof Error ? cause.message : String(cause)));
  return [error instanceof Error ? error.message : String(error)];
}

/** The kit's descriptor validation of `descriptors`, as problems. */
function validationProblems(candidate: RegisteredSubgraph, descriptors: RegisteredSubgraph['descriptors'], schema: GraphQLSchema, policy: MeshPolicy, source: string): readonly string[] {
  const team = candidate.descriptors[0]?.team ?? { name: candidate.name, email: '' };
  try {
    validateDataProducts({ name: candidate.name, team }, descriptors, schema, { policy, source });
    return [];
  } catch (error) {
    return error instanceof DescriptorError ? error.problems : [`The descriptors cannot be read: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * The kit's descriptor validation, as findings, each filed under its
 * product's URN: the kit names a product by its name, which two majors side
 * by side share, so each product is validated alone first; what only the
 * products together break (two with one major) comes after, under the URN
 * of the name when it has one.
 */
function findDescriptorProblems(candidate: RegisteredSubgraph, schema: GraphQLSchema, policy: MeshPolicy, source: string): DescriptorFinding[] {
  const alone = candidate.descriptors.flatMap((descriptor) =>
    descriptorFindings(validationProblems(candidate, [descriptor], schema, policy, source), new Map([[descriptor.name, descriptor.urn]])),
  );
  const seen = new Set(alone.map((finding) => finding.message));
  const urns = new Map<string, string | undefined>();
  for (const { name, urn } of candidate.descriptors) urns.set(name, urns.has(name) && urns.get(name) !== urn ? undefined : urn);
  const together = descriptorFindings(
    validationProblems(candidate, candidate.descriptors, schema, policy, source).filter((message) => !seen.has(message)),
    new Map([...urns].flatMap(([name, urn]) => (urn ? [[name, urn] as const] : []))),
  );
  return [...alone, ...together];
}

/**
 * Checks a candidate subgraph against the mesh's standards and the current
 * mesh: composition (Federation errors and hints, naming the other subgraph),
 * descriptors complete and valid, every field classified, naming
 * conventions, polyseme keys and key types, output ports that exist, SLOs
 * stated, no mesh-wide policy weakened; then `mesh.extraChecks`. Its SDL
 * must parse and build as a subgraph first: if it does not, the report says
 * only that. `passed` is true when no problem is an error.
 */
export async function checkSubgraph(candidate: RegisteredSubgraph, mesh: CheckMesh): Promise<CheckReport> {
  const { policy, policySource = 'the mesh policy', topics, extraChecks = [] } = mesh;
  const report = (problems: readonly CheckProblem[]): CheckReport => ({ subgraph: candidate.name, passed: problems.every((p) => p.severity !== 'error'), problems });
  let document: DocumentNode;
  let schema: GraphQLSchema;
  try {
    document = parse(candidate.sdl);
  } catch (error) {
    return report([schemaProblem(`The SDL of subgraph "${candidate.name}" does not parse: ${(error as Error).message}`)]);
  }
  try {
    schema = buildSubgraph(candidate.name, candidate.url, document).validate().schema.toGraphQLJSSchema();
  } catch (error) {
    return report(messagesOf(error).map((message) => schemaProblem(`The SDL of subgraph "${candidate.name}" is not a valid Federation subgraph: ${message}`)));
  }
  let findings: DescriptorFinding[] | undefined;
  let composition: MeshComposition | undefined;
  const others = mesh.subgraphs.filter((subgraph) => subgraph.name !== candidate.name);
  const context: CheckContext = {
    candidate,
    others,
    current: mesh.subgraphs.find((subgraph) => subgraph.name === candidate.name && subgraph !== candidate),
    policy,
    policySource,
    topics: topics ? new Set(topics) : undefined,
    document,
    federationName: withFederationLink(document).name,
    schema,
    descriptorFindings: () => (findings ??= findDescriptorProblems(candidate, schema, policy, policySource)),
    composition: () => (composition ??= composeWithMesh([candidate, ...others, ...(mesh.standIns ? polysemeOwnerStandIns(document, candidate.name, others) : [])])),
  };
  const problems: CheckProblem[] = [];
  for (const check of [...STANDARD_CHECKS, ...extraChecks]) {
    try {
      problems.push(...(await check(context)));
    } catch (error) {
      problems.push({ check: check.name || 'check', severity: 'error', message: `The check ${JSON.stringify(check.name || 'check')} failed to run: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return report(problems);
}
