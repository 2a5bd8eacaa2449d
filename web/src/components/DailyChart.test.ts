import { describe, expect, it } from 'vitest';
import { everyDay } from './DailyChart';

describe('everyDay', () => {
  it('fills the window with zero days around the counted ones', () => {
    const days = everyDay([{ date: '2026-12-02', requests: 5, refused: 1 }], '2026-12-01T00:00:00.000Z', '2026-12-03T10:00:00.000Z');
    expect(days).toEqual([
      { date: '2026-12-01', requests: 0, refused: 0 },
      { date: '2026-12-02', requests: 5, refused: 1 },
      { date: '2026-12-03', requests: 0, refused: 0 },
    ]);
  });
});
