/**
 * The devices listeners play on.
 */
import { DEVICES, type Device } from '../../schema/devices.ts';
import type { Random } from './random.ts';
import { createWeightedSampler } from './sampler.ts';

export { DEVICES, type Device };

// Podcast listening is mostly on phones; the rest is spread across home and car.
const DEVICE_SAMPLER = createWeightedSampler([46, 14, 11, 6, 10, 13]);

/** A device drawn with realistic shares (mobile first). */
export function pickDevice(random: Random): Device {
  return DEVICES[DEVICE_SAMPLER.sample(random)] as Device;
}

/** A device other than `excluded`, drawn with the same shares. */
export function pickOtherDevice(random: Random, excluded: Device): Device {
  for (;;) {
    const device = pickDevice(random);
    if (device !== excluded) return device;
  }
}
