import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { MeshPolicy } from '../../governance/policy/index.ts';
import type { FederationName } from '../../subgraphs/kit/federationLink.ts';
import type { CheckProblem } from '../CheckReport.ts';
import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';
import type { MeshComposition } from './composeWithMesh.ts';

/** One problem the kit's descriptor validation found, with the data product it is about (when it names one). */
export interface DescriptorFinding {
  /** The sentence, without the data product's name in front (what tells the checks apart). */
  readonly text: string;
  /** The whole sentence, naming the data product. */
  readonly message: string;
  /** The data product's URN, when the sentence names a product of the candidate. */
  readonly coordinate?: string;
}

/** What every check of a candidate subgraph is given: the candidate, read once, and the mesh it joins. */
export interface CheckContext {
  readonly candidate: RegisteredSubgraph;
  /** The mesh's other subgraphs (an earlier publication of the candidate left out). */
  readonly others: readonly RegisteredSubgraph[];
  /** The candidate's publication it would replace, if any: what breaking-change checks compare it to. */
  readonly current?: RegisteredSubgraph;
  readonly policy: MeshPolicy;
  /** Where the policy came from, for messages. */
  readonly policySource: string;
  /** The topics of the mesh's event log, when known; undefined: topic ports are not looked up. */
  readonly topics: ReadonlySet<string> | undefined;
  /** The candidate's SDL, parsed. */
  readonly document: DocumentNode;
  /** How the candidate's SDL names federation directives (`@key`, or an alias). */
  readonly federationName: FederationName;
  /** The candidate's schema, built from its SDL as a subgraph. */
  readonly schema: GraphQLSchema;
  /** The kit's validation of the candidate's descriptors against its schema and the policy, run once for every check. */
  descriptorFindings(): readonly DescriptorFinding[];
  /** The candidate composed with the others and the gateway's catalog subgraph, as the gateway would, once for every check. */
  composition(): MeshComposition;
}

/**
 * A standard as code: what it finds wrong with a candidate subgraph. Checks
 * are independent; `checkSubgraph` runs the mesh's and any extra ones (e.g.
 * breaking changes against observed use) and gathers their problems.
 */
export type SubgraphCheck = (context: CheckContext) => readonly CheckProblem[] | Promise<readonly CheckProblem[]>;
