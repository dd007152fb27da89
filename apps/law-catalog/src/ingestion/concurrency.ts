/**
 * Run `worker` over the items of a (possibly async, possibly paged) iterable
 * with at most `limit` in flight. Items are pulled lazily, so a paged source
 * is never read further ahead than the workers need. Async generators queue
 * concurrent next() calls, so the lanes can share one iterator. The first
 * error (from the iterable or a worker) stops new work and is rethrown.
 */
export async function forEachConcurrent<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  const iterator: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in items ? (items as AsyncIterable<T>)[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  let failed = false;
  let failure: unknown;
  let exhausted = false;
  const lane = async (): Promise<void> => {
    while (!exhausted && !failed) {
      try {
        const item = await iterator.next();
        if (item.done) {
          exhausted = true;
          return;
        }
        await worker(item.value);
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.floor(limit)) }, lane));
  if (failed) throw failure;
}
