import { useEffect, useState } from 'preact/hooks';
import { durationSeconds } from '../../schema/parseDuration.ts';

interface FreshnessBadgeProps {
  /** When the newest record happened; null when the product has none. */
  lastEventAt: string | null;
  /** The freshness SLO (ISO-8601 duration, e.g. `PT1H`). */
  slo: string;
  /** Whether the catalog judges its freshness: not until a record happened since its domain started (`meetsFreshnessSlo` is null before). */
  judged: boolean;
}

/**
 * The age of the product's newest record against its freshness SLO, as a
 * badge, as the catalog judges it (only once a record happened since its
 * domain started). Its age grows every second here, between the page's polls of the
 * figures, so it turns stale the moment the SLO is passed and fresh again
 * when a newer record arrives. Only the verdict is a live region: a screen
 * reader announces the move to fresh or stale, not the age ticking.
 */
export function FreshnessBadge({ lastEventAt, slo, judged }: FreshnessBadgeProps) {
  const now = useNow(1_000);
  const limit = durationSeconds(slo);
  if (!lastEventAt) return <span class="badge badge-unknown" role="status">No records yet · SLO {humanDuration(limit)}</span>;
  const age = Math.max(0, (now - Date.parse(lastEventAt)) / 1000);
  if (!judged) {
    return (
      <span class="badge badge-unknown" data-fresh="unjudged">
        <span role="status">Not judged</span> · newest record {humanDuration(age)} old, none since its domain started · SLO {humanDuration(limit)}
      </span>
    );
  }
  const fresh = limit === undefined || age <= limit;
  return (
    <span class={`badge ${fresh ? 'badge-fresh' : 'badge-stale'}`} data-fresh={String(fresh)}>
      <span role="status">{fresh ? 'Fresh' : 'Stale'}</span> · newest record {humanDuration(age)} old · SLO {humanDuration(limit)}
    </span>
  );
}

/** The current time, updated every `everyMs`. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Seconds as a person says them: `42 s`, `5 min`, `3 h`, `12 days`. */
export function humanDuration(seconds: number | undefined): string {
  if (seconds === undefined) return 'unknown';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
