/**
 * At most `limit` tasks at a time. A marketplace node runs its independent per-item calls through one (Zalando's line
 * PATCHes of several orders), so a batch is not held to one call's round trip at a time; the transport's rate limiter
 * still books every call a slot, so the limits hold with any number of tasks in flight.
 *
 * A task handles its own errors (it records the item's outcome): a task that rejects anyway is reported by `drain`,
 * never lost.
 */
export class TaskPool {
	private readonly running = new Set<Promise<void>>();
	private readonly failures: unknown[] = [];

	constructor(readonly limit: number) {
		if (!Number.isInteger(limit) || limit < 1)
			throw new RangeError(`TaskPool limit must be a whole number of at least 1, got ${limit}`);
	}

	/** How many tasks are in flight. */
	get size(): number {
		return this.running.size;
	}

	/** Starts the task once a slot is free; resolves when it has started (not when it is done). */
	async start(task: () => Promise<void>): Promise<void> {
		while (this.running.size >= this.limit) await this.oneDone();
		const run: Promise<void> = task()
			.catch((error: unknown) => {
				this.failures.push(error);
			})
			.finally(() => {
				this.running.delete(run);
			});
		this.running.add(run);
	}

	/** Resolves when any task in flight is done (at once when none is). */
	async oneDone(): Promise<void> {
		if (this.running.size > 0) await Promise.race(this.running);
	}

	/** Waits for every task; rethrows the first error a task let escape. */
	async drain(): Promise<void> {
		while (this.running.size > 0) await Promise.race(this.running);
		if (this.failures.length > 0) throw this.failures[0];
	}
}
