/** Runs each piece of work after the previous one has settled; see oneAtATime. */
export type OneAtATime = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * A queue of one. Decoding a large sketch takes hundreds of MB for a moment; two drops (or a
 * pick of several files and a paste) decoding side by side would add those moments up, so
 * imports wait their turn. A failed piece of work never blocks the ones after it.
 */
export function oneAtATime(): OneAtATime {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = last.then(work);
    last = run.catch(() => undefined);
    return run;
  };
}
