/** ServerClock: server token times mapped onto the page's clock from arrival samples. */
import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../../scenes/ui/serverClock.ts';

/** The playout delay the README promises (display and sound both present a token this long after the server wrote it). */
const DOCUMENTED_PLAYOUT_MS = 120;

describe('ServerClock', () => {
  it('takes the fastest message as the clock offset and presents tokens a fixed delay after their server time', () => {
    let local = 1_000_000;
    const clock = new ServerClock({ now: () => local });
    // The server's clock runs 5 s ahead; messages take 30, 4 and 12 ms.
    for (const transit of [30, 4, 12]) {
      const sent = local + 5000;
      local += transit;
      clock.observe(sent);
    }
    expect(clock.offset).toBe(5000 - 4);
    expect(clock.toLocal(local + 5000)).toBe(local + 4);
    expect(clock.presentAt(local + 5000)).toBe(local + 4 + DOCUMENTED_PLAYOUT_MS);
  });

  it('forgets old samples, so a server whose clock jumped back is followed', () => {
    let local = 0;
    const clock = new ServerClock({ now: () => local, window: 4 });
    clock.observe(10_000);
    for (let i = 0; i < 4; i++) {
      local += 10;
      clock.observe(local + 2000);
    }
    expect(clock.offset).toBe(2000);
  });

  it('ignores a missing or broken time', () => {
    const clock = new ServerClock({ now: () => 0 });
    clock.observe(Number.NaN);
    expect(clock.offset).toBe(0);
  });
});
