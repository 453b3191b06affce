import { useState } from 'preact/hooks';
import { request } from '../graph/request.ts';

/** What a mutation did last: running, or the gateway's refusal. */
export interface MutationState {
  busy: boolean;
  /** The gateway's message, as it said it. */
  error?: string;
}

/**
 * Runs a governance mutation on demand (a form's submit): `run` resolves
 * with its data, or undefined when the gateway refused it, whose message is
 * then in `error` for the form to show.
 */
export function useMutation<T>(document: string): MutationState & { run(variables: Record<string, unknown>): Promise<T | undefined> } {
  const [state, setState] = useState<MutationState>({ busy: false });
  const run = async (variables: Record<string, unknown>) => {
    setState({ busy: true });
    try {
      const data = await request<T>(document, variables);
      setState({ busy: false });
      return data;
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };
  return { ...state, run };
}
