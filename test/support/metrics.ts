/** The value of one series in Prometheus text, or undefined. */
export const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

/** Reads one series from a gateway's `GET /metrics` (0 when it has no value yet). */
export async function readMetric(gatewayUrl: string, series: string): Promise<number> {
  const text = await (await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  return valueOf(text, series) ?? 0;
}
