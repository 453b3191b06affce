import { useEffect, useState } from 'preact/hooks';
import { loadStreamShape, type StreamShape } from './streamShape.ts';

/** The shape of a subscription port once read, or why it could not be. */
export interface StreamShapeState {
  shape?: StreamShape;
  error?: Error;
}

/**
 * Reads the port's shape from the API schema at the first Watch (`attempt`
 * 1), so a product page nobody watches asks the gateway nothing more; a
 * later attempt reads it again if it could not be read before.
 */
export function useStreamShape(coordinate: string, attempt: number): StreamShapeState {
  const [state, setState] = useState<StreamShapeState>({});
  const read = attempt > 0 && !state.shape;
  useEffect(() => {
    if (!read) return;
    let current = true;
    setState({});
    loadStreamShape(coordinate).then(
      (shape) => current && setState({ shape }),
      (error: unknown) => current && setState({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [coordinate, read ? attempt : 0]);
  return state;
}
