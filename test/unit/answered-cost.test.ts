import { answeredCost } from '../../src/modules/throttle/throttle';

describe('what an answer cost (the estimate less what the answer did not hold)', () => {
  it('counts one per field answered, a list once per item', () => {
    expect(answeredCost({ me: { id: 'u1', name: 'Siti' } })).toBe(3);
    const page = { organizations: { edges: Array.from({ length: 100 }, (_, i) => ({ node: { id: String(i) } })) } };
    expect(answeredCost(page)).toBe(202);
    expect(answeredCost({ courses: { edges: [] } })).toBe(2);
  });

  it('counts null fields, and nothing for no data', () => {
    expect(answeredCost({ course: null })).toBe(1);
    expect(answeredCost(undefined)).toBe(0);
    expect(answeredCost(null)).toBe(0);
  });

  it('walks deep answers without recursion', () => {
    let deep: Record<string, unknown> = { id: 'leaf' };
    for (let level = 0; level < 50_000; level += 1) deep = { parent: deep };
    expect(answeredCost(deep)).toBe(50_001);
  });
});
