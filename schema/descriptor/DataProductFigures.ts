/** Figures measured from the running product, not declared. */
export interface DataProductFigures {
  recordCount: number;
  /** `occurredAt` of the newest record, ISO-8601. */
  lastEventAt?: string;
  /**
   * Whether the product's newest record happened since its domain started
   * (on the domain's clock): whether anything feeds it, beyond the history
   * it caught up on. A product nothing fed yet is not judged for freshness
   * (its newest record's age says how quiet its source is, not how late it
   * is). Absent before the domain started, and from domains that do not
   * measure it.
   */
  fedSinceStart?: boolean;
  /** Input records consumed since start, for a product fed by topics. */
  eventsIn?: number;
  /** Input records sent to the dead-letter topic, over every run. */
  deadLetters?: number;
  /** Checkpoints set aside since start as unusable (unreadable, not JSON, the wrong shape, or past the end of the log): the product was rebuilt from the log. */
  checkpointsSetAside?: number;
  /** Of those, checkpoints whose offsets were past the end of the log (it lost records or was replaced). */
  checkpointsPastEnd?: number;
  /**
   * Records of its output topics the event log can no longer read: damaged in
   * the middle of a segment file (see `meshgraph log verify`). Absent when
   * none are; the offsets are never used again.
   */
  lostRecords?: number;
  /**
   * Records the product no longer serves since start because their event
   * time passed its `retention` while it ran. Absent when none did.
   */
  expiredRecords?: number;
  /** Records published on its output topics since start. */
  eventsOut?: number;
  /** Rates over the last minute, from `eventsIn` and `eventsOut` (the kit measures them). */
  eventsInPerSecond?: number;
  eventsOutPerSecond?: number;
  /**
   * Events in and out per 10 s over the last 15 minutes, oldest first, from
   * when its domain started serving (the history it read back at start-up is
   * no point); the last interval is still counting. Kept in memory by the
   * kit, from `eventsIn` and `eventsOut`: absent when it counts neither.
   */
  eventsOverTime?: FigurePoint[];
  /** Who used it recently (the kit records them), by client name, most recent first. */
  consumers?: ConsumerFigure[];
  /** What each input topic delivered since start: the consumption its topic consumers observed. */
  inputs?: InputFigure[];
  /** Quality of the input records since start, measured against the input ports' rules. */
  quality?: QualityFigures;
}

/** Input records checked against quality rules since start, and what became of them. */
export interface QualityFigures {
  /** Records read from the input topics and checked. */
  checked: number;
  /** Records that passed every rule and are counted in the product (a quarantined record that is released counts then). */
  valid: number;
  /** `valid / checked`: the share of records passing the rules (1 when none were checked). */
  validity: number;
  /** Share of checked records with every required field present (1 when none were checked). */
  completeness: number;
  /** Records held in quarantine now, waiting for a reference to appear. */
  quarantined: number;
  /** How often each rule was broken since start, by rule name. */
  violations: { rule: string; count: number }[];
}

/** Events in and out of a data product in one interval of its recent history. */
export interface FigurePoint {
  /** When the interval began, ISO-8601. */
  at: string;
  /** Input records consumed in the interval; absent when the product does not count them. */
  eventsIn?: number;
  /** Records published in the interval; absent when the product does not count them. */
  eventsOut?: number;
}

/** What one input topic delivered to a data product. */
export interface InputFigure {
  topic: string;
  eventsIn: number;
  /** `occurredAt` of the newest event it delivered. */
  lastEventAt?: string;
}

/** A consumer of a data product, by the client name it gave (`apollographql-client-name`). */
export interface ConsumerFigure {
  clientName: string;
  /** ISO-8601 time of the last use. */
  lastSeenAt: string;
  /** Uses since the subgraph started. */
  count: number;
}
