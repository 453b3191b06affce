/** Events in and out of a data product in one interval of its recent history (the catalog's `FigurePoint`). */
export interface FigurePoint {
  /** When the interval began, ISO-8601. */
  at: string;
  /** Input records consumed in the interval; null when the product does not count them. */
  eventsIn: number | null;
  /** Records published in the interval; null when the product does not count them. */
  eventsOut: number | null;
}
