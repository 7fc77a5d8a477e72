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

  it('bounds memory by dropping full buckets first', () => {
    const clock = { ms: 0 };
    const limiter = new SubjectRateLimiter({ perMinute: 2, nowMs: () => clock.ms, maxSubjects: 2 });
    limiter.take('a');
    limiter.take('a');
    limiter.take('b');
    expect(limiter.size).toBe(2);
    clock.ms += 60_000;
    expect(limiter.take('c').allowed).toBe(true);
    expect(limiter.size).toBeLessThanOrEqual(2);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size).toBeLessThanOrEqual(2);
  });

  it('tracks at most maxSubjects subjects however many distinct subjects call within a minute', () => {
    const limiter = new SubjectRateLimiter({ perMinute: 60, nowMs: () => 0, maxSubjects: 100 });
    for (let i = 0; i < 5_000; i += 1) {
      expect(limiter.take(`clerk-${String(i)}`).allowed).toBe(true);
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
    expect(limiter.size).toBe(100);
  });

  it('keeps the bucket of a subject in use when it makes room (drops the least recently used)', () => {
    const limiter = new SubjectRateLimiter({ perMinute: 1, nowMs: () => 0, maxSubjects: 3 });
    limiter.take('busy');
    for (let i = 0; i < 10; i += 1) {
      limiter.take(`other-${String(i)}`);
      // the busy clerk keeps calling, so its empty bucket is never the one dropped
      expect(limiter.take('busy').allowed).toBe(false);
    }
  });
});
