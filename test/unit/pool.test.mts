import { describe, expect, it } from 'vitest';

import { TaskPool } from '../../nodes/shared/pool';

/** A task that runs until it is released, recording how many ran at once. */
function gate() {
	let release!: () => void;
	const done = new Promise<void>((resolve) => (release = resolve));
	return { done, release };
}

describe('TaskPool', () => {
	it('runs at most `limit` tasks at once; start waits for a free slot', async () => {
		const pool = new TaskPool(2);
		let running = 0;
		let most = 0;
		const gates = Array.from({ length: 5 }, gate);
		const started: number[] = [];
		const starting = (async () => {
			for (const [n, g] of gates.entries()) {
				await pool.start(async () => {
					started.push(n);
					running++;
					most = Math.max(most, running);
					await g.done;
					running--;
				});
			}
		})();
		await new Promise((resolve) => setImmediate(resolve));
		expect(started).toEqual([0, 1]);
		expect(pool.size).toBe(2);
		gates[1].release();
		await new Promise((resolve) => setImmediate(resolve));
		expect(started).toEqual([0, 1, 2]);
		for (const g of gates) g.release();
		await starting;
		await pool.drain();
		expect(started).toEqual([0, 1, 2, 3, 4]);
		expect(most).toBe(2);
		expect(pool.size).toBe(0);
	});

	it('oneDone resolves when any task finishes, and at once when none runs', async () => {
		const pool = new TaskPool(3);
		await pool.oneDone();
		const slow = gate();
		const fast = gate();
		await pool.start(async () => await slow.done);
		await pool.start(async () => await fast.done);
		fast.release();
		await pool.oneDone();
		expect(pool.size).toBe(1);
		slow.release();
		await pool.drain();
	});

	it('a task that throws is not lost: drain rethrows it after the others finished', async () => {
		const pool = new TaskPool(2);
		const finished: string[] = [];
		await pool.start(async () => {
			throw new Error('order 2: refused');
		});
		await pool.start(async () => {
			await new Promise((resolve) => setImmediate(resolve));
			finished.push('order 3');
		});
		await expect(pool.drain()).rejects.toThrow('order 2: refused');
		expect(finished).toEqual(['order 3']);
	});

	it('refuses a limit that is not a whole number of at least 1', () => {
		expect(() => new TaskPool(0)).toThrow(/at least 1, got 0/);
		expect(() => new TaskPool(1.5)).toThrow(/at least 1, got 1.5/);
	});
});
