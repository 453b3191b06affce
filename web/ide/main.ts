import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { IdePage } from './IdePage.ts';
import { initialOperation } from './initialOperation.ts';

// The IDE's own entry (web/ide.html): React and GraphiQL load on this page only, never with the catalog.
createRoot(document.getElementById('ide')!).render(h(StrictMode, null, h(IdePage, { initial: initialOperation(location.search) })));
