import { describe, expect, it } from 'vitest';
import { createByteBudget } from './byte-budget.js';

describe('createByteBudget', () => {
  it('lets holds take bytes up to the cap together, and refuses what would pass it', () => {
    const budget = createByteBudget(100);
    const a = budget.hold();
    const b = budget.hold();
    expect(a.take(60)).toBe(true);
    expect(b.take(41)).toBe(false); // 101 > 100: refused, and nothing taken
    expect(budget.inUse()).toBe(60);
    expect(b.take(40)).toBe(true); // exactly the cap
    expect(budget.inUse()).toBe(100);
    expect(a.take(1)).toBe(false);
  });

  it('gives back everything a hold took on release, once', () => {
    const budget = createByteBudget(100);
    const a = budget.hold();
    const b = budget.hold();
    a.take(30);
    a.take(20);
    b.take(10);
    a.release();
    expect(budget.inUse()).toBe(10);
    a.release(); // a second release gives nothing back twice
    expect(budget.inUse()).toBe(10);
    expect(a.take(90)).toBe(true);
    expect(budget.inUse()).toBe(100);
  });
});
