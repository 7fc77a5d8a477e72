/**
 * A promise queue that runs tasks one at a time in submission order: the embedded ledger's single
 * sequencer, so blocks are cut and committed strictly one after the other.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs a task after every task queued before it has settled.
   *
   * @param task - The work; may be synchronous or asynchronous.
   * @returns The task's result; a failure rejects this call only, not later tasks.
   */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
