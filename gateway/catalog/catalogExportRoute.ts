import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../server/index.ts';
import { didYouMean, ErrorCode } from '../../schema/index.ts';
import type { MeshCatalog } from './createMeshCatalog.ts';
import { exportDescriptor, ExportFormatError, parseExportFormat, type ExportOptions } from './export/index.ts';

/** Where the exports live: `GET /catalog/<urn>`. */
export const CATALOG_EXPORT_PATH = '/catalog/';

/** Suffix of a data contract's id (`<urn>:contract`), which names the ODCS export. */
const CONTRACT_SUFFIX = ':contract';

/**
 * `GET /catalog/<urn>`: the data product's descriptor as ODPS 1.0 YAML
 * (default), or its contract as ODCS 3.1 YAML (`?format=odcs`, an `Accept` of
 * `application/vnd.odcs+yaml`, or the contract's id `<urn>:contract`), so
 * other catalogs can import the mesh. `onExport` hears of each export served
 * (the audit records it).
 */
export function createCatalogExportHandler(catalog: MeshCatalog, options: () => ExportOptions, onExport: (request: IncomingMessage, urn: string) => void = () => {}) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    let urn = decodeURIComponent(url.pathname.slice(CATALOG_EXPORT_PATH.length));
    const contract = urn.endsWith(CONTRACT_SUFFIX);
    if (contract) urn = urn.slice(0, -CONTRACT_SUFFIX.length);
    let format;
    try {
      format = parseExportFormat({ format: url.searchParams.get('format'), accept: request.headers.accept }) ?? (contract ? 'odcs' : 'odps');
    } catch (error) {
      if (!(error instanceof ExportFormatError)) throw error;
      sendJson(response, error.status, { error: error.message, code: error.code });
      return;
    }
    const entries = await catalog.entries();
    const entry = entries.find((e) => e.descriptor.urn === urn);
    if (!entry) {
      const hint = didYouMean(urn, entries.map((e) => e.descriptor.urn)) || ` Known data products: ${entries.map((e) => e.descriptor.urn).join(', ')}.`;
      sendJson(response, 404, { error: `No data product "${urn}" in the mesh.${hint}`, code: ErrorCode.NOT_FOUND });
      return;
    }
    onExport(request, urn);
    const { contentType, body } = exportDescriptor(entry.descriptor, format, { ...options(), figures: entry.figures ?? undefined });
    response.writeHead(200, { 'content-type': `${contentType}; charset=utf-8`, 'content-length': Buffer.byteLength(body), vary: 'accept' });
    response.end(body);
  };
}
