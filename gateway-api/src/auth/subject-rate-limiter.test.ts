import { SubjectRateLimiter } from './subject-rate-limiter';

describe('SubjectRateLimiter', () => {
  it('allows a burst of perMinute, then refills continuously', () => {
    const clock = { ms: 0 };
    const limiter = new SubjectRateLimiter({ perMinute: 60, nowMs: () => clock.ms });
    for (let i = 0; i < 60; i += 1) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.ms += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('bounds memory by dropping full buckets', () => {
    const clock = { ms: 0 };
    const limiter = new SubjectRateLimiter({ perMinute: 2, nowMs: () => clock.ms, maxSubjects: 2 });
    limiter.take('a');
    limiter.take('b');
    clock.ms += 60_000;
    expect(limiter.take('c').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
  });
});
