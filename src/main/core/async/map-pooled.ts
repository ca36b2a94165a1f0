/**
 * Runs `work` over the items, at most `concurrency` at a time, and gives the results in the
 * items' order. The first failure stops every worker from taking another item; the work already
 * running is awaited, then that first failure is thrown (later ones are usually the work it
 * stopped). `onFailure` runs at each failure, e.g. to abort the work still in flight.
 */
export async function mapPooled<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  onFailure?: () => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failures.push(error);
        onFailure?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
