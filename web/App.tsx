import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { AccessLink, AccessPage, NotificationBell } from './access/index.ts';
import { CatalogPage } from './catalog/CatalogPage.tsx';
import { LineagePage, lineagePath } from './lineage/index.ts';
import { EntityPage, PolysemesPage } from './polysemes/index.ts';
import { ProductPage } from './product/ProductPage.tsx';
import { SignInMenu } from './session/SignInMenu.tsx';

/** The web catalog: its pages by path. The gateway answers every page's path with this app. */
export function App() {
  return (
    <LocationProvider>
      <header class="masthead">
        <a href="/" class="brand">meshgraph</a>
        <span class="tagline">the data products of the mesh</span>
        <nav aria-label="Sections" class="sections">
          <a href="/">Data products</a>
          <a href={lineagePath()}>Lineage</a>
          <a href="/polysemes">Polysemes</a>
          {/* A page of its own (web/ide.html): target _top has the browser load it, not this app's router. */}
          <a href="/ide" target="_top">IDE</a>
          <AccessLink />
        </nav>
        <div class="viewer">
          <NotificationBell />
          <SignInMenu />
        </div>
      </header>
      <main>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={CatalogPage} />
            <Route path="/products/:urn" component={ProductPage} />
            <Route path="/lineage" component={LineagePage} />
            <Route path="/lineage/:urn" component={LineagePage} />
            <Route path="/polysemes" component={PolysemesPage} />
            <Route path="/entities/:urn" component={EntityPage} />
            <Route path="/access" component={AccessPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}

function NotFound() {
  return (
    <section>
      <h1>No such page</h1>
      <p>
        <a href="/">Back to the data products</a>
      </p>
    </section>
  );
}
