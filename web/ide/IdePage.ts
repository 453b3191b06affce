import { GraphiQL } from 'graphiql';
import { createElement as h, useEffect, useState } from 'react';
import { currentSession } from '../session/session.ts';
import { createIdeFetcher } from './ideFetcher.ts';
import { labelEditors } from './labelEditors.ts';
import type { InitialOperation } from './initialOperation.ts';
import 'graphiql/style.css';
import './ide.css';

/** Opens when the address brings no query and GraphiQL has no saved tab. */
const WELCOME = `# The mesh's whole graph, as the catalog's viewer may see it.
# Ctrl+Enter runs; Ctrl+Space completes; the book icon opens the docs.
query TopCharts {
  topCharts(first: 5) {
    edges { node { rank plays episode { title podcast { title } } } }
  }
}
`;

const fetcher = createIdeFetcher();

/**
 * The GraphQL IDE (GraphiQL, bundled): the gateway's graph with the
 * viewer's credentials, subscriptions included, under a bar that leads back
 * to the catalog and says who the IDE runs as.
 */
export function IdePage({ initial }: { initial: InitialOperation }) {
  const viewer = useViewer();
  useEffect(() => labelEditors(document.getElementById('ide')!), []);
  return h(
    'div',
    { className: 'ide' },
    h(
      'header',
      { className: 'ide-bar' },
      h('a', { href: '/', className: 'ide-brand' }, 'meshgraph'),
      h('a', { href: '/' }, 'Back to the data products'),
      h('p', { className: 'ide-viewer', role: 'status' }, viewer ? ['Signed in as ', h('strong', null, viewer)] : 'Not signed in: you see what anyone may. Sign in on the catalog to run as yourself.'),
    ),
    h('main', { className: 'ide-main' }, h(GraphiQL, { fetcher, defaultQuery: WELCOME, ...initial, defaultEditorToolsVisibility: initial.variables ? 'variables' : false, forcedTheme: 'light' })),
  );
}

/** The consumer the IDE runs as, following sign-ins and outs made in another tab (`storage` events). */
function useViewer(): string | undefined {
  const [viewer, setViewer] = useState(() => currentSession()?.consumer);
  useEffect(() => {
    const update = () => setViewer(currentSession()?.consumer);
    window.addEventListener('storage', update);
    return () => window.removeEventListener('storage', update);
  }, []);
  return viewer;
}
