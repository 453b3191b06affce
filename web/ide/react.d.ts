// React 19 ships no types and @types/react is not a dependency: these are the
// few React calls the IDE makes, typed. GraphiQL's own declarations import
// `FC` and `ReactNode` from here, so its props are checked against them.
declare module 'react' {
  export type ReactNode = unknown;
  export type FC<P = object> = (props: P) => ReactNode;
  export type ComponentPropsWithoutRef<T> = T extends FC<infer P> ? P : never;
  export interface Context<T> {
    Provider: FC<{ value: T; children?: ReactNode }>;
  }
  export function createElement<P extends object>(type: FC<P>, props: P | null, ...children: ReactNode[]): ReactNode;
  export function createElement(type: string, props: Record<string, unknown> | null, ...children: ReactNode[]): ReactNode;
  export function useState<S>(initial: S | (() => S)): [S, (next: S | ((previous: S) => S)) => void];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export const StrictMode: FC<{ children?: ReactNode }>;
}

declare module 'react-dom/client' {
  export interface Root {
    render(node: unknown): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}
