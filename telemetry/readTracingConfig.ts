import { ConfigError, readString, type Env } from '../config/index.ts';

/** Where a service's spans go, from the standard OpenTelemetry variables. */
export interface TracingConfig {
  /** The OTLP/HTTP traces URL, e.g. `http://localhost:4318/v1/traces`; undefined: tracing is off. */
  tracesUrl: string | undefined;
  /** The `service.name` of every span. */
  serviceName: string;
}

function readUrl(env: Env, name: string): string | undefined {
  const value = readString(env, name, '');
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL of an OTLP/HTTP receiver, such as http://localhost:4318, but is "${value}".`);
  }
  return value;
}

/**
 * Reads `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the traces URL as it is) or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL, `/v1/traces` appended), as the
 * OpenTelemetry specification defines them; `OTEL_SDK_DISABLED=true` turns
 * tracing off; `OTEL_SERVICE_NAME`, else `meshgraph-<component>`.
 */
export function readTracingConfig(env: Env, component: string): TracingConfig {
  const serviceName = readString(env, 'OTEL_SERVICE_NAME', `meshgraph-${component}`);
  const tracesEndpoint = readUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEndpoint = readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (readString(env, 'OTEL_SDK_DISABLED', 'false').toLowerCase() === 'true') return { tracesUrl: undefined, serviceName };
  const tracesUrl = tracesEndpoint ?? (baseEndpoint ? `${baseEndpoint.replace(/\/+$/, '')}/v1/traces` : undefined);
  return { tracesUrl, serviceName };
}
