import type { Classification } from './Classification.ts';
import type { Contact } from './Contact.ts';
import type { DataProductKind } from './DataProductKind.ts';
import type { DataProductStatus } from './DataProductStatus.ts';
import type { DescribedType } from './DescribedType.ts';
import type { InputPort } from './InputPort.ts';
import type { OutputPort } from './OutputPort.ts';
import type { QualityRule } from './QualityRule.ts';
import type { ServiceLevelObjectives } from './ServiceLevelObjectives.ts';

/**
 * A data product's metadata (ODPS / ODCS fields), validated and JSON-ready,
 * as a domain's discovery port serves it and the catalog reads it.
 */
export interface DataProductDescriptor {
  /** `urn:meshgraph:<domain>:<product>:v<major>`. */
  urn: string;
  /** The domain that serves it. */
  domain: string;
  /** kebab-case, unique in the domain, e.g. `episode-plays`. */
  name: string;
  /** Semantic version; the major is part of the URN. */
  version: string;
  kind: DataProductKind;
  status: DataProductStatus;
  description: { purpose: string; usage: string; limitations: string };
  /** The accountable data product owner. */
  owner: Contact;
  /** The domain's team. */
  team: Contact;
  tags: string[];
  inputPorts: InputPort[];
  outputPorts: OutputPort[];
  slos: ServiceLevelObjectives;
  /** Classification of fields: a default for the product's types and `Type.field` overrides. */
  classification: {
    default: Classification;
    fields?: Record<string, Classification>;
    /** `Type.field`s served to consumers whose agreement does not allow them as a stable keyed hash instead of null, so joins across products still work. @default none */
    pseudonymise?: string[];
  };
  /** How long records are kept, ISO-8601 duration (`P2Y`). */
  retention: string;
  terms: { usage: string; license: string };
  /** How consumers get access: the purposes of the mesh policy the product approves at once, with no owner deciding (never a PII purpose unless the policy's `agreements.autoApprovePii` allows it). @default every request waits for the owner */
  access?: { autoApprove: string[] };
  /** Data-quality rules every record of its topics satisfies; consumers apply them at their input ports. @default none */
  quality?: QualityRule[];
  /** Types reachable from the output ports, with each field's classification. */
  schema: DescribedType[];
}
