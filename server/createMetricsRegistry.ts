import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Label values of one series. */
export type Labels = Readonly<Record<string, string>>;

/** One series' value, read when metrics are scraped. */
export interface Sample {
  labels?: Labels;
  value: number;
}

/** What a figure kept elsewhere needs: a name, its help, its label names and how to read it. */
export interface ObservedMetric {
  /** The series' name, e.g. `meshgraph_subscriptions_open`. */
  name: string;
  /** The `# HELP` text (prom-client escapes it). */
  help: string;
  /** Names of the labels `read` gives values of. @default [] */
  labelNames?: readonly string[];
  /** The current value of each series, called at every scrape. */
  read: () => readonly Sample[];
}

/**
 * A prom-client registry of its own, so each server instance (many run in one
 * test process) has its own series, with Node's and the process's default
 * metrics (CPU, resident memory, heap, event loop lag, GC, handles) collected
 * into it once.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * A gauge (e.g. open subscriptions) or a counter (a total that only goes up)
 * kept elsewhere, read each time metrics are scraped.
 */
export function observeMetric(registry: Registry, type: 'gauge' | 'counter', { name, help, labelNames = [], read }: ObservedMetric): void {
  const options = {
    name,
    help,
    labelNames,
    registers: [registry],
    collect(this: Gauge | Counter) {
      this.reset();
      for (const { labels = {}, value } of read()) this.inc(labels, value);
    },
  };
  if (type === 'gauge') new Gauge(options);
  else new Counter(options);
}
