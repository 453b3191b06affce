/**
 * Names the text areas through which CodeMirror takes keyboard input, after
 * the editor around them (GraphiQL labels its query and variables sections,
 * not the response): GraphiQL leaves them unlabelled, so a screen reader
 * announced a bare "edit text". GraphiQL renders its editors at will, so
 * this watches the container for new ones; returns what stops watching.
 */
export function labelEditors(container: Element): () => void {
  const label = () => {
    for (const textarea of container.querySelectorAll('textarea:not([aria-label])')) {
      const name = textarea.closest('[aria-label]')?.getAttribute('aria-label') ?? (textarea.closest('.graphiql-response') ? 'Response' : 'Editor');
      textarea.setAttribute('aria-label', name);
    }
  };
  label();
  const observer = new MutationObserver(label);
  observer.observe(container, { childList: true, subtree: true });
  return () => observer.disconnect();
}
