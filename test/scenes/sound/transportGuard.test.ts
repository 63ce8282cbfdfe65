/** TransportGuard with a fake AudioContext (Node has no Web Audio): resume when suspended, rebuild when closed or stuck. */
import { describe, expect, it } from 'vitest';
import { TransportGuard, type GuardedContext } from '../../../scenes/sound/transportGuard.ts';

class FakeContext implements GuardedContext {
  state = 'running';
  currentTime = 0;
  resumes = 0;
  resume(): Promise<void> {
    this.resumes++;
    return Promise.resolve();
  }
}

function setup(): { ctx: FakeContext; guard: TransportGuard; clock: { now: number }; rebuilt: FakeContext[] } {
  const clock = { now: 0 };
  const rebuilt: FakeContext[] = [];
  let ctx = new FakeContext();
  const guard = new TransportGuard({
    context: () => ctx,
    now: () => clock.now,
    rebuild: () => {
      ctx = new FakeContext();
      rebuilt.push(ctx);
    },
    stallAfter: 3000,
    maxResumes: 3,
  });
  return {
    get ctx() {
      return ctx;
    },
    guard,
    clock,
    rebuilt,
  };
}

describe('TransportGuard (fake AudioContext)', () => {
  it('leaves a running context whose clock moves alone', () => {
    const t = setup();
    for (let i = 0; i < 10; i++) {
      t.clock.now += 1000;
      t.ctx.currentTime += 1;
      expect(t.guard.check()).toBe('ok');
    }
    expect(t.rebuilt).toHaveLength(0);
  });

  it('resumes a suspended context (a throttled tab)', () => {
    const t = setup();
    t.ctx.state = 'suspended';
    expect(t.guard.check()).toBe('resumed');
    expect(t.ctx.resumes).toBe(1);
  });

  it('rebuilds a context that stays suspended, is closed, or whose clock stopped (device lost)', () => {
    const t = setup();
    t.ctx.state = 'suspended';
    for (let i = 0; i < 3; i++) t.guard.check();
    expect(t.guard.check()).toBe('rebuilt');

    t.ctx.state = 'closed';
    expect(t.guard.check()).toBe('rebuilt');

    t.ctx.currentTime = 5;
    expect(t.guard.check()).toBe('ok');
    t.clock.now += 2000;
    expect(t.guard.check()).toBe('ok');
    t.clock.now += 1500;
    expect(t.guard.check()).toBe('rebuilt');
    expect(t.rebuilt).toHaveLength(3);
    expect(t.guard.rebuilds).toBe(3);
  });
});
