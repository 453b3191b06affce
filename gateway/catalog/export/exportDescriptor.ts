import { stringify } from 'yaml';
import { ErrorCode, type DataProductDescriptor } from '../../../schema/index.ts';
import { negotiateMediaType, parseAccept, type MediaRange } from '../../../server/index.ts';
import { toOdcs, type OdcsOptions } from './toOdcs.ts';
import { toOdps, type OdpsOptions } from './toOdps.ts';

/** A document format a descriptor exports to: `odps` (Open Data Product Standard 1.0) or `odcs` (Open Data Contract Standard 3.1). */
export type ExportFormat = 'odps' | 'odcs';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['odps', 'odcs'];

/** The media type of each export; `+yaml` tells generic tools it is YAML (RFC 9512). */
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  odps: 'application/vnd.odps+yaml',
  odcs: 'application/vnd.odcs+yaml',
};

/** Options of `exportDescriptor`: those of `toOdps` and `toOdcs` (each format uses what applies to it). */
export type ExportOptions = OdpsOptions & OdcsOptions;

/** An exported document, ready to send. */
export interface ExportedDocument {
  /** `EXPORT_CONTENT_TYPES[format]`. */
  contentType: string;
  /** The document as YAML. */
  body: string;
}

/**
 * Exports a data product descriptor as an ODPS 1.0.0 document (`toOdps`) or an
 * ODCS 3.1.0 data contract (`toOdcs`), as YAML text. Pass `figures` (from the
 * discovery port) to include live figures in an ODPS document, and the
 * deployment's `graphqlUrl` and `kafkaBrokers` so ports name real endpoints.
 */
export function exportDescriptor(descriptor: DataProductDescriptor, format: ExportFormat, options: ExportOptions = {}): ExportedDocument {
  let document: object;
  switch (format) {
    case 'odps':
      document = toOdps(descriptor, options);
      break;
    case 'odcs':
      document = toOdcs(descriptor, options);
      break;
    default: {
      const unexpected: never = format;
      throw new TypeError(`Unknown export format ${JSON.stringify(unexpected)}; expected one of ${EXPORT_FORMATS.join(', ')}.`);
    }
  }
  // No line folding, so long descriptions stay one line; no anchors, so every part reads on its own.
  const body = stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
  return { contentType: EXPORT_CONTENT_TYPES[format], body };
}

/** A request names an export format meshgraph does not have. */
export class ExportFormatError extends Error {
  override name = 'ExportFormatError';
  readonly code = ErrorCode.UNKNOWN_EXPORT_FORMAT;
  /**
   * @param status 400 for a bad `?format=`, 406 (Not Acceptable) for an `Accept`
   *   header that asks for YAML in a profile meshgraph does not export.
   */
  constructor(message: string, readonly status: 400 | 406) {
    super(message);
  }
}

const ACCEPTED =
  'Use ?format=odps (Open Data Product Standard 1.0) or ?format=odcs (Open Data Contract Standard 3.1), ' +
  'or the Accept header application/vnd.odps+yaml, application/vnd.odcs+yaml, or application/yaml; profile=odps|odcs.';

const isFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/** YAML media types that take a `profile` parameter; `application/yaml` is RFC 9512's, the others are in common use. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/**
 * Every media type of each format, in the order they are offered: a YAML
 * type without a profile matches both profiles alike, and `odps` is offered
 * first, so it means `odps`, the data product itself.
 */
const FORMAT_OF_MEDIA_TYPE = new Map<string, ExportFormat>([
  ...EXPORT_FORMATS.map((format) => [`application/vnd.${format}+yaml`, format] as const),
  ...YAML_TYPES.flatMap((type) => EXPORT_FORMATS.map((format) => [`${type}; profile=${format}`, format] as const)),
]);
const EXPORT_MEDIA_TYPES = [...FORMAT_OF_MEDIA_TYPE.keys()];

/** The export format a YAML range names (`application/vnd.<name>+yaml`, or a YAML type's `profile`), known or not. */
const formatNamed = ({ type, subtype, params }: MediaRange): string | undefined =>
  /^vnd\.([a-z0-9.-]+)\+yaml$/.exec(type === 'application' ? subtype : '')?.[1] ?? (YAML_TYPES.includes(`${type}/${subtype}`) ? params['profile'] : undefined);

/**
 * Reads which export format an HTTP request asks for, checking both places a
 * client may say it; the query parameter wins over the header.
 *
 * - `?format=odps` or `?format=odcs` (case-insensitive). Any other value,
 *   empty included, throws an `ExportFormatError` with status 400.
 * - `Accept`: `application/vnd.odps+yaml` or `application/vnd.odcs+yaml`, or a
 *   YAML type (`application/yaml`, `application/x-yaml`, `text/yaml`) with
 *   `profile=odps` or `profile=odcs`; the acceptable range with the highest
 *   `q` wins (the first on a tie). A YAML type without a profile means `odps`,
 *   the data product itself. Another `application/vnd.*+yaml` type or profile
 *   throws an `ExportFormatError` with status 406 when no range matches and
 *   none is a wildcard.
 *
 * Returns `null` when the request names no export format (no `format`, and an
 * `Accept` of JSON, `*` ranges or nothing): the caller serves its default.
 */
export function parseExportFormat(request: { format?: string | null; accept?: string | null }): ExportFormat | null {
  const { format, accept } = request;
  if (format !== undefined && format !== null) {
    const wanted = format.trim().toLowerCase();
    if (isFormat(wanted)) return wanted;
    throw new ExportFormatError(`Unknown export format ${JSON.stringify(format)}. ${ACCEPTED}`, 400);
  }
  const ranges = parseAccept(accept);
  // A wildcard asks for no format in particular: the caller's default serves it.
  const chosen = negotiateMediaType(ranges.filter((range) => range.subtype !== '*'), EXPORT_MEDIA_TYPES);
  if (chosen !== undefined) return FORMAT_OF_MEDIA_TYPE.get(chosen)!;
  const acceptable = ranges.filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
  const unknownProfile = acceptable.map(formatNamed).find((name) => name !== undefined && !isFormat(name));
  const acceptsAnything = acceptable.some((range) => range.subtype === '*' && (range.type === '*' || range.type === 'application'));
  if (unknownProfile !== undefined && !acceptsAnything) {
    throw new ExportFormatError(`Unknown export format ${JSON.stringify(unknownProfile)} in the Accept header. ${ACCEPTED}`, 406);
  }
  return null;
}
