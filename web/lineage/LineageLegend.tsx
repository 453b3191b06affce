import type { ComponentChildren } from 'preact';
import type { EdgeLine } from './describeLineage.ts';

const LINES: { line: EdgeLine; flagged?: boolean; observed: boolean; text: string }[] = [
  { line: 'declared', observed: true, text: 'declared and observed (the dot: seen flowing)' },
  { line: 'unobserved', observed: false, text: 'declared, never observed' },
  { line: 'undeclared', observed: true, text: 'observed, not declared (an application reading)' },
  { line: 'undeclared', flagged: true, observed: true, text: 'flagged: undeclared use by a data product, or use without an agreement' },
];

/** What the picture's colours, shapes and lines mean. */
export function LineageLegend({ colours }: { colours: ReadonlyMap<string, string> }) {
  return (
    <section class="lineage-legend" aria-labelledby="lineage-legend">
      <h2 id="lineage-legend">Legend</h2>
      <ul>
        {[...colours].map(([domain, colour]) => (
          <li key={domain}>
            <Swatch>
              <rect class="outline" x={2} y={3} width={32} height={14} rx={3} stroke={colour} fill={colour} />
            </Swatch>
            data product of {domain}
          </li>
        ))}
        <li class="kind-source">
          <Swatch>
            <rect class="outline" x={2} y={3} width={32} height={14} rx={7} />
          </Swatch>
          operational source
        </li>
        <li class="kind-application">
          <Swatch>
            <polygon class="outline" points="2,10 8,3 28,3 34,10 28,17 8,17" />
          </Swatch>
          application
        </li>
        {LINES.map(({ line, flagged, observed, text }) => (
          <li key={text} class={`lineage-edge line-${line}${flagged ? ' flagged' : ''}`}>
            <Swatch>
              <path class="line" d="M 2 10 L 34 10" />
              {observed && <circle class="observed-mark" cx={18} cy={10} r={3.5} />}
            </Swatch>
            {text}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A small drawing, decoration only: the text beside it says what it means. */
function Swatch({ children }: { children: ComponentChildren }) {
  return (
    <svg class="swatch" width={36} height={20} viewBox="0 0 36 20" aria-hidden="true">
      {children}
    </svg>
  );
}
