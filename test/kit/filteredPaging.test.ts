import { describe, expect, it } from 'vitest';
import { createOrderedList } from '../../subgraphs/kit/orderedList.ts';

interface Play {
  id: string;
  country: string;
}

/** 10,000 plays, one in ten from GB, with a filter that counts the plays it looks at. */
function playsWithCountingFilter() {
  const plays: Play[] = Array.from({ length: 10_000 }, (_, i) => ({ id: String(i).padStart(5, '0'), country: i % 10 === 0 ? 'GB' : 'SE' }));
  const list = createOrderedList<Play, 'ID'>('plays', plays, { ID: (p) => [p.id] }, { field: 'ID', direction: 'ASC' });
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
});
