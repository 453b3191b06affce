import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AccessAgreement } from '../AccessAgreement.ts';
import type { FieldDecision } from '../AccessDecision.ts';
import { decideField } from '../enforcement/decideField.ts';
import { fieldClassifications } from '../enforcement/fieldClassifications.ts';
import type { Rights } from '../enforcement/Rights.ts';

/** What the caller may read of a data product (the catalog's `DataProduct.access`). */
export interface DataProductAccess {
  agreement: AccessAgreement | null;
  complete: boolean;
  fields: { field: string; classification: string; decision: FieldDecision; rule: string | null; pseudonymised: boolean }[];
  howToRequest: string | null;
}

/**
 * Decides every field of a product's schema for the caller, exactly as the
 * gateway decides it when the caller reads it (`decideField`), so the catalog
 * never promises what a query would not give: a field another product of
 * `mesh` classifies explicitly is decided by that too. Without `rights` (a
 * gateway without governance) every field is allowed.
 */
export function dataProductAccess(
  descriptor: DataProductDescriptor,
  rights: Rights | undefined,
  mesh: readonly DataProductDescriptor[] = [descriptor],
): DataProductAccess {
  const classifications = fieldClassifications(mesh.some((d) => d.urn === descriptor.urn) ? mesh : [...mesh, descriptor]);
  const remedies = new Set<string>();
  const fields = descriptor.schema.flatMap((type) =>
    type.fields.map((field): DataProductAccess['fields'][number] => {
      const coordinate = `${type.name}.${field.name}`;
      const restriction = rights && decideField({ classifications: classifications.get(coordinate) ?? [], authenticated: false, requiresScopes: undefined, policies: undefined, catalog: false }, rights);
      if (restriction) remedies.add(restriction.remedy);
      return {
        field: coordinate,
        classification: field.classification,
        decision: restriction?.decision ?? 'allowed',
        rule: restriction?.rule ?? null,
        pseudonymised: !!restriction?.pseudonymise,
      };
    }),
  );
  return {
    agreement: rights?.agreement(descriptor.urn) ?? null,
    complete: remedies.size === 0,
    fields,
    howToRequest: remedies.size === 0 ? null : `To read the fields you do not get: ${[...remedies].join('; or ')}.`,
  };
}
