import { closedLoop, openLoop } from './load';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('openLoop', () => {
  it('starts rate × duration calls, numbered in order', async () => {
    const seen: number[] = [];
    const result = await openLoop(
      async (seq) => {
        seen.push(seq);
      },
      { rate: 200, durationMs: 250 },
    );
    expect(result.sent).toBe(50);
    expect(result.completed).toBe(50);
    expect(result.errors).toBe(0);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(result.latency.count).toBe(50);
  });

  it('counts rejections and false as errors, with their messages', async () => {
    const result = await openLoop(
      async (seq) => {
        if (seq % 3 === 0) throw new Error('boom');
        return seq % 3 !== 1;
      },
      { rate: 300, durationMs: 100 },
    );
    expect(result.sent).toBe(30);
    expect(result.errors).toBe(20);
    expect(result.latency.count).toBe(10);
    expect(result.errorSamples).toEqual(expect.arrayContaining(['boom', 'task reported failure']));
  });

  it('charges a stalled system with the time calls waited, not just their service time', async () => {
    // Every call takes 40 ms but only one may run at a time: later calls queue behind
    // earlier ones, so latency from the due time must grow well past 40 ms.
    let busy = Promise.resolve();
    const result = await openLoop(
      () => {
        const run = busy.then(() => sleep(40));
        busy = run;
        return run;
      },
      { rate: 100, durationMs: 200 },
    );
    expect(result.completed).toBe(20);
    expect(result.latency.maxMs).toBeGreaterThan(300);
    expect(result.serviceLatency?.maxMs).toBeGreaterThan(300);
  });

  it('counts a stalled driver against latency (no coordinated omission), not against service time', async () => {
    const result = await openLoop(
      async (seq) => {
        if (seq === 0) {
          // Block the event loop for 60 ms after the first call has finished: calls 1-5 are sent late.
          setImmediate(() => {
            const until = performance.now() + 60;
            while (performance.now() < until) {
              /* busy */
            }
          });
        }
      },
      { rate: 100, durationMs: 100 },
    );
    expect(result.completed).toBe(10);
    expect(result.sendLagMs?.maxMs).toBeGreaterThan(30);
    expect(result.latency.maxMs).toBeGreaterThan(30);
    expect(result.serviceLatency?.maxMs).toBeLessThan(20);
  });

  it('drops calls beyond maxInFlight instead of piling them up', async () => {
    const result = await openLoop(() => sleep(200), { rate: 500, durationMs: 100, maxInFlight: 5 });
    expect(result.sent).toBe(5);
    expect(result.dropped).toBe(45);
  });
});

describe('closedLoop', () => {
  it('never has more than `concurrency` calls in flight and stops at maxRequests', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await closedLoop(
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(2);
        inFlight--;
      },
      { concurrency: 4, durationMs: 10_000, maxRequests: 40 },
    );
    expect(peak).toBe(4);
    expect(result.sent).toBe(40);
    expect(result.completed).toBe(40);
    expect(result.throughput).toBeGreaterThan(0);
  });

  it('stops at the duration', async () => {
    const started = Date.now();
    const result = await closedLoop(() => sleep(5), { concurrency: 2, durationMs: 100, maxRequests: 1_000_000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.completed).toBeLessThan(1_000_000);
    expect(result.completed).toBe(result.sent);
  });
});
