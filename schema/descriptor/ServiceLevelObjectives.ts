/** Service-level objectives; durations are ISO-8601 (`PT5M`, see `parseDuration`). */
export interface ServiceLevelObjectives {
  /** Largest acceptable age of the newest record. */
  freshness: string;
  /** Fraction of time the output ports answer, e.g. 0.999. */
  availability: number;
  /** Fraction of records with every required field present, e.g. 0.99 (measured by consumers that check quality rules). */
  completeness: number;
  /** Fraction of input records that pass the quality rules of the input ports' contracts, e.g. 0.99. @default none: no objective */
  validity?: number;
  /** How often the data changes, e.g. `PT1S` for a stream, `P1D` for a daily batch. */
  intervalOfChange: string;
}
