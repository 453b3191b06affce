import { useEffect, useState } from 'preact/hooks';
import { execute, type GraphQLResponse } from '../graph/request.ts';
import { idePath } from '../ide/initialOperation.ts';
import { exampleQueryFor } from './exampleQuery.ts';
import type { ProductDetails } from './productQueries.ts';
import './exampleQuery.css';

/** What running the example gave: the gateway's whole answer, or why there is none. */
type Answer = { body: GraphQLResponse<unknown> } | { failure: string };

/**
 * An example query of the product's query ports, shown as code: Run asks
 * the gateway as the viewer (signed in or not) and shows the JSON answer as
 * it came, with the errors of the fields governance withholds; Open in the
 * IDE hands it to GraphiQL (`/ide?query=…`).
 */
export function ExampleQuery({ product }: { product: ProductDetails }) {
  const [example, setExample] = useState<{ query?: string; failure?: string }>();
  const [answer, setAnswer] = useState<Answer>();
  const [running, setRunning] = useState(false);
  useEffect(() => {
    const aborter = new AbortController();
    setExample(undefined);
    setAnswer(undefined);
    exampleQueryFor(product, aborter.signal).then(
      (query) => !aborter.signal.aborted && setExample(query ? { query } : {}),
      (error: unknown) => !aborter.signal.aborted && setExample({ failure: String(error instanceof Error ? error.message : error) }),
    );
    return () => aborter.abort();
  }, [product.urn]);

  if (!example) return <p role="status">Writing an example from its ports…</p>;
  if (example.failure) return <p role="alert">No example: the graph did not describe its ports ({example.failure}).</p>;
  const { query } = example;
  if (!query) return <p>It has no query port: nothing to ask with a query.</p>;
  const run = async () => {
    setRunning(true);
    try {
      setAnswer({ body: (await execute(query)).body });
    } catch (error) {
      setAnswer({ failure: error instanceof Error ? error.message : String(error) });
    } finally {
      setRunning(false);
    }
  };
  return (
    <div class="example-query">
      <pre tabIndex={0} aria-label="Example query">
        <code>{query}</code>
      </pre>
      <p class="example-actions">
        <button type="button" onClick={run} disabled={running}>
          {running ? 'Running…' : 'Run'}
        </button>
        {/* target _top: the browser loads the IDE's own page (web/ide.html); the catalog's router would not know it. */}
        <a href={idePath(query)} target="_top">
          Open in the IDE
        </a>
      </p>
      {answer ? <AnswerView answer={answer} /> : null}
    </div>
  );
}

function AnswerView({ answer }: { answer: Answer }) {
  if ('failure' in answer) return <p role="alert">The gateway did not answer: {answer.failure}</p>;
  const errors = answer.body.errors?.length ?? 0;
  return (
    <>
      <p role="status" class="example-summary">
        {errors === 0 ? 'The answer:' : `The answer, with ${errors} error${errors === 1 ? '' : 's'}: a field you may not read comes back null, and an error says why.`}
      </p>
      <pre tabIndex={0} aria-label="Answer" class="example-answer">
        <code>{JSON.stringify(answer.body, null, 2)}</code>
      </pre>
    </>
  );
}
