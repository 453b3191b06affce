/** A device a listener plays on: the `Device` enum of `schema/shared.graphql`. */
export type Device = 'MOBILE' | 'DESKTOP' | 'SMART_SPEAKER' | 'TV' | 'CAR' | 'WEB';

/** Every device, in the order `schema/shared.graphql` lists them. */
export const DEVICES: readonly Device[] = ['MOBILE', 'DESKTOP', 'SMART_SPEAKER', 'TV', 'CAR', 'WEB'];
