/** Label values of one series. */
export type Labels = Readonly<Record<string, string>>;

interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
const format = (labels: Labels, extra: Labels = {}) => {
  const all = { ...labels, ...extra };
  // Sorted by name (with `le` last, as is usual), so a series always reads the same.
  const parts = Object.entries(all).sort(([a], [b]) => (a === 'le' ? 1 : b === 'le' ? -1 : a < b ? -1 : 1)).map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

/** One series' value when metrics are rendered. */
export interface Sample {
  labels?: Labels;
  value: number;
}

/** A counter: only goes up. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

/** A histogram of observed values (e.g. seconds). */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

/** Metrics in the Prometheus text exposition format (0.0.4), without a client library. */
export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  /** A gauge read when metrics are rendered. */
  gauge(name: string, help: string, read: () => readonly Sample[]): void;
  /** A counter kept elsewhere (a total that only goes up), read when metrics are rendered. */
  counterFrom(name: string, help: string, read: () => readonly Sample[]): void;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  /** The text `GET /metrics` serves. */
  render(): string;
}

/** Creates an empty registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const metrics: Metric[] = [];
  const observed = (name: string, help: string, type: 'counter' | 'gauge', read: () => readonly Sample[]) =>
    metrics.push({ name, help, type, render: () => read().map((s) => `${name}${format(s.labels ?? {})} ${s.value}`) });
  return {
    counter(name, help) {
      const series = new Map<string, { labels: Labels; value: number }>();
      metrics.push({ name, help, type: 'counter', render: () => [...series.values()].map((s) => `${name}${format(s.labels)} ${s.value}`) });
      return {
        inc(labels = {}, by = 1) {
          const id = key(labels);
          const entry = series.get(id) ?? { labels, value: 0 };
          entry.value += by;
          series.set(id, entry);
        },
      };
    },
    gauge(name, help, read) {
      observed(name, help, 'gauge', read);
    },
    counterFrom(name, help, read) {
      observed(name, help, 'counter', read);
    },
    histogram(name, help, buckets) {
      const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      metrics.push({
        name,
        help,
        type: 'histogram',
        render: () =>
          [...series.values()].flatMap((s) => [
            ...buckets.map((bound, i) => `${name}_bucket${format(s.labels, { le: String(bound) })} ${s.counts[i]}`),
            `${name}_bucket${format(s.labels, { le: '+Inf' })} ${s.count}`,
            `${name}_sum${format(s.labels)} ${s.sum}`,
            `${name}_count${format(s.labels)} ${s.count}`,
          ]),
      });
      return {
        observe(value, labels = {}) {
          const id = key(labels);
          const entry = series.get(id) ?? { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
          buckets.forEach((bound, i) => {
            if (value <= bound) entry.counts[i]!++;
          });
          entry.sum += value;
          entry.count++;
          series.set(id, entry);
        },
      };
    },
    render() {
      return metrics.map((m) => [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.render()].join('\n')).join('\n') + '\n';
    },
  };
}
