import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../schema/index.ts';

describe('didYouMean', () => {
  it('suggests an option that ends like the input first', () => {
    expect(didYouMean('Rental.email', ['Rental.riderEmail', 'Rental.id'])).toBe(' Did you mean "Rental.riderEmail"?');
  });

  it('suggests options a few edits away, closest first', () => {
    expect(didYouMean('podcast', ['podcasts', 'artists', 'listeners'])).toBe(' Did you mean "podcasts"?');
  });

  it('says nothing when no option is close', () => {
    expect(didYouMean('royalties', ['listeners', 'podcasts'])).toBe('');
  });
});
