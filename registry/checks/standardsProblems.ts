import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { toOdcs, toOdps } from '../../gateway/catalog/export/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import type { CheckProblem } from '../CheckReport.ts';

/** The standards' JSON Schemas the mesh keeps (copied from the standards' repositories), and what the catalog export makes of a descriptor for each. */
const STANDARDS = [
  { name: 'ODPS 1.0', file: 'odps-json-schema-v1.0.0.json', exported: (descriptor: DataProductDescriptor) => toOdps(descriptor) },
  { name: 'ODCS 3.1', file: 'odcs-json-schema-v3.1.0.json', exported: (descriptor: DataProductDescriptor) => toOdcs(descriptor) },
] as const;

// Beside the module's folder, in the sources and in dist/ alike: the build copies schema/standards there.
const STANDARDS_FOLDER = fileURLToPath(new URL('../../schema/standards/', import.meta.url));

/** The validators, compiled once per process (the ODCS schema is large); undefined when the schemas are not where the project keeps them. */
let validators: ValidateFunction[] | undefined | null = null;
function compiled(): ValidateFunction[] | undefined {
  if (validators !== null) return validators;
  if (!STANDARDS.every(({ file }) => existsSync(`${STANDARDS_FOLDER}${file}`))) return (validators = undefined);
  // Both schemas declare draft 2019-09; strict: a keyword ajv would ignore fails here rather than passing unchecked.
  const ajv = new Ajv2019({ allErrors: true });
  ajvFormats.default(ajv);
  return (validators = STANDARDS.map(({ file }) => ajv.compile(JSON.parse(readFileSync(`${STANDARDS_FOLDER}${file}`, 'utf8')) as object)));
}

/**
 * Each data product's ODPS and ODCS exports (what `GET /catalog/<urn>`
 * serves) validated against the standards' JSON Schemas: each schema error
 * an error of the `descriptor` check, with its path in the document; a
 * descriptor that cannot be exported at all, one error saying why.
 */
export function standardsProblems(descriptors: readonly DataProductDescriptor[]): CheckProblem[] {
  const validate = compiled();
  if (!validate) {
    return [{ check: 'descriptor', severity: 'warning', message: `The standards' JSON Schemas are not in ${STANDARDS_FOLDER}, so the descriptors' ODPS and ODCS exports were not validated; the build copies them there (npm run build).` }];
  }
  return descriptors.flatMap((descriptor) =>
    STANDARDS.flatMap(({ name, exported }, i): CheckProblem[] => {
      const problem = (message: string): CheckProblem => ({ check: 'descriptor', severity: 'error', coordinate: descriptor.urn, message: `Data product "${descriptor.name}": ${message}` });
      let document: unknown;
      try {
        document = exported(descriptor);
      } catch (error) {
        return [problem(`its ${name} export cannot be made: ${error instanceof Error ? error.message : String(error)}.`)];
      }
      const valid = validate[i]!;
      if (valid(document)) return [];
      return (valid.errors ?? []).map((error) => problem(`its ${name} export breaks the standard at ${error.instancePath || '/'}: ${error.message ?? 'invalid'}${Object.keys(error.params).length > 0 ? ` (${JSON.stringify(error.params)})` : ''}.`));
    }),
  );
}
