/** A record a consumer cannot use: not JSON, the wrong shape, or an unknown schema version. `reason` says which. */
export class EventRejected extends Error {
  override name = 'EventRejected';
  constructor(readonly reason: string) {
    super(reason);
  }
}
