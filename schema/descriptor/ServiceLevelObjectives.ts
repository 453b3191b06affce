/** Service-level objectives; durations are ISO-8601 (`PT5M`, see `parseDuration`). */
export interface ServiceLevelObjectives {
  /** Largest acceptable age of the newest record. */
  freshness: string;
  /** Fraction of time the output ports answer, e.g. 0.999. */
  availability: number;
  /** Fraction of upstream facts present, e.g. 0.99. */
  completeness: number;
  /** How often the data changes, e.g. `PT1S` for a stream, `P1D` for a daily batch. */
  intervalOfChange: string;
}
