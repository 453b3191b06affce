import { useSession } from '../session/session.ts';
import type { ProductDetails } from '../product/productQueries.ts';
import { LivePreview } from './LivePreview.tsx';
import './live.css';

/**
 * The product page's live preview: one per subscription output port, for a
 * signed-in viewer (the gateway refuses anonymous subscriptions, and masks
 * each event for the viewer's rights).
 */
export function LiveEvents({ outputPorts }: { outputPorts: ProductDetails['outputPorts'] }) {
  const session = useSession();
  const ports = outputPorts.filter((port): port is (typeof port & { field: string }) => port.kind === 'subscription' && port.field !== null);
  if (ports.length === 0) return <p>This data product has no subscription port: it has no live events to watch.</p>;
  if (!session) {
    return (
      <p class="live-sign-in">
        Watching live events needs a sign-in: the gateway serves subscriptions only to a known consumer, and masks each event for what that consumer may read. Use <strong>Sign in</strong> at the top of the page, then come back here.
      </p>
    );
  }
  return (
    <>
      {ports.map((port) => (
        <LivePreview key={port.name} port={port} />
      ))}
    </>
  );
}
