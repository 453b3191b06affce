import { describe, expect, it } from 'vitest';
import { createOrderedList } from '../../subgraphs/kit/orderedList.ts';

interface Play {
  id: string;
  country: string;
}

/** 10,000 plays, one in ten from GB, with a filter that counts the plays it looks at. */
function playsWithCountingFilter(direction: 'ASC' | 'DESC' = 'ASC') {
  const plays: Play[] = Array.from({ length: 10_000 }, (_, i) => ({ id: String(i).padStart(5, '0'), country: i % 10 === 0 ? 'GB' : 'SE' }));
  const list = createOrderedList<Play, 'ID'>('plays', plays, { ID: (p) => [p.id] }, { field: 'ID', direction });
  const looked = { count: 0 };
  const fromGB = (p: Play) => {
    looked.count++;
    return p.country === 'GB';
  };
  return { list, looked, fromGB };
}

describe('a filtered page costs what it reads', () => {
  it('reads from the cursor until the page is full and one more match is found, and counts the whole list only for totalCount', () => {
    const { list, looked, fromGB } = playsWithCountingFilter();
    const page = list.page({ first: 3 }, fromGB);
    expect(page.edges.map((e) => e.node.id)).toEqual(['00000', '00010', '00020']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(looked.count).toBeLessThanOrEqual(31);

    looked.count = 0;
    const next = list.page({ first: 2, after: page.pageInfo.endCursor }, fromGB);
    expect(next.edges.map((e) => e.node.id)).toEqual(['00030', '00040']);
    expect(next.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(looked.count).toBeLessThanOrEqual(32);

    expect(next.totalCount).toBe(1_000);
    expect(looked.count).toBeGreaterThanOrEqual(10_000);
  });

  it('pages the same as filtering first, up to the last page', () => {
    const { list, fromGB } = playsWithCountingFilter();
    const walked = list.page({ first: 495, after: list.page({ first: 500 }, fromGB).pageInfo.endCursor }, fromGB);
    const last = list.page({ first: 5, after: walked.pageInfo.endCursor }, fromGB);
    expect(last.edges.map((e) => e.node.id)).toEqual(['09950', '09960', '09970', '09980', '09990']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, endCursor: last.edges[4]!.cursor });
    expect(list.page({ first: 5 }, () => false)).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null } });
  });

  it('a key range (plays between two times) bounds what is read, in either direction', () => {
    for (const direction of ['ASC', 'DESC'] as const) {
      const { list, looked, fromGB } = playsWithCountingFilter(direction);
      const between = (p: Play) => fromGB(p) && p.id >= '04000' && p.id < '05000';
      const range = { field: 'ID' as const, from: '04000', to: '05000' };
      const expected = Array.from({ length: 100 }, (_, i) => String(4_000 + 10 * i).padStart(5, '0'));
      if (direction === 'DESC') expected.reverse();
      const page = list.page({ first: 3 }, between, range);
      expect(page.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 3));
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      // Three matches and one more, one in ten: 40 plays at most, of 10,000.
      expect(looked.count).toBeLessThanOrEqual(40);
      const last = list.page({ first: 500, after: list.page({ first: 98 }, between, range).pageInfo.endCursor }, between, range);
      expect(last.edges.map((e) => e.node.id)).toEqual(expected.slice(98));
      expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      looked.count = 0;
      expect(last.totalCount).toBe(100);
      expect(looked.count).toBe(1_000);
      // Without a filter, a range alone is exact: its size is the count.
      expect(list.page({ first: 1 }, undefined, range)).toMatchObject({ totalCount: 1_000, edges: [{ node: { id: direction === 'ASC' ? '04000' : '04999' } }] });
    }
  });
});
