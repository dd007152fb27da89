/**
 * Polls `fn` until `ok` accepts its value, every `intervalMs`; throws with the
 * last value after `ms`. For tests that wait on another process or queue.
 */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000, intervalMs = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms (last value ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
