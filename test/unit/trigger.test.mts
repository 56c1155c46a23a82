import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
	pollTrigger,
	type TriggerEvents,
	type TriggerOptions,
	type TriggerPage,
} from '../../nodes/shared/trigger';
import { installFakeClock, type FakeClock } from '../helpers/clock.mts';

let clock: FakeClock;
let restore: () => void;
beforeEach(() => {
	({ clock, restore } = installFakeClock(Date.parse('2026-11-23T10:00:00Z')));
});
afterEach(() => restore());

const MINUTE = 60_000;
const t = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00Z`);

interface Item {
	id: string;
	at: number;
}

/** A marketplace whose list answer can be held back, to interleave polls. */
class FakeMarketplace {
	items: Item[] = [];
	listCalls = 0;
	gate: Promise<void> | undefined;
	private open: (() => void) | undefined;

	/** The next list answer waits until `release`. */
	hold(): void {
		this.gate = new Promise((resolve) => (this.open = resolve));
	}

	release(): void {
		this.open?.();
	}

	/** The next output waits until `releaseOutput`. */
	outputGate: Promise<void> | undefined;
	releaseOutput: (() => void) | undefined;
	holdOutput(): void {
		this.outputGate = new Promise((resolve) => (this.releaseOutput = resolve));
	}

	events(): TriggerEvents<Item> {
		return {
			ascending: true,
			pages: () => listOf(this),
			key: (item) => item.id,
			time: (item) => item.at,
			output: async (item) => {
				const gate = this.outputGate;
				this.outputGate = undefined;
				if (gate) await gate;
				return { id: item.id };
			},
		};
	}
}

async function* listOf(market: FakeMarketplace): AsyncGenerator<TriggerPage<Item>> {
	market.listCalls++;
	// the answer is what the list holds when the request arrives, delivered when released
	const items = [...market.items];
	const gate = market.gate;
	market.gate = undefined;
	if (gate) await gate;
	yield { items };
}

function context(staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
	return {
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
		helpers: {
			returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })),
		},
	} as unknown as IPollFunctions;
}

const options: TriggerOptions = { overlapMs: 10 * MINUTE, maxSeen: 1000 };

async function ids(result: Promise<Awaited<ReturnType<typeof pollTrigger>>>): Promise<string[]> {
	const output = await result;
	return output ? output[0].map((i) => String(i.json.id)) : [];
}

describe('pollTrigger: overlapping polls', () => {
	it('a poll started while the previous one runs emits nothing and changes nothing', async () => {
		const market = new FakeMarketplace();
		const staticData: IDataObject = {};
		expect(await ids(pollTrigger(context(staticData), market.events(), options))).toEqual([]);

		clock.time += 5 * MINUTE;
		market.items = [{ id: 'A', at: t('10:02') }];
		market.hold();
		const slow = ids(pollTrigger(context(staticData), market.events(), options));
		// n8n's next cron tick, while the first poll waits for its answer
		clock.time += MINUTE;
		market.items.push({ id: 'B', at: t('10:06') });
		const before = structuredClone(staticData);
		const overlapping = await ids(pollTrigger(context(staticData), market.events(), options));
		expect(overlapping).toEqual([]);
		expect(market.listCalls).toBe(2);
		expect(staticData).toEqual(before);

		market.release();
		expect(await slow).toEqual(['A']);
		clock.time += 5 * MINUTE;
		expect(await ids(pollTrigger(context(staticData), market.events(), options))).toEqual(['B']);
		expect(staticData.cursor).toBe('2026-11-23T10:06:00.000Z');
	});

	it('a poll that outlived its lease emits only what the newer poll did not, and never moves the cursor back', async () => {
		const market = new FakeMarketplace();
		const staticData: IDataObject = {};
		await ids(pollTrigger(context(staticData), market.events(), options));

		clock.time += 5 * MINUTE;
		market.items = [
			{ id: 'A', at: t('10:02') },
			{ id: 'B', at: t('10:03') },
		];
		market.hold();
		const slow = ids(pollTrigger(context(staticData), market.events(), options));
		// the slow poll hangs past its lease (15 minutes): the next polls run
		clock.time += 20 * MINUTE;
		market.items.push({ id: 'C', at: t('10:20') });
		const newer = await ids(pollTrigger(context(staticData), market.events(), options));
		expect(newer).toEqual(['A', 'B', 'C']);
		expect(staticData.cursor).toBe('2026-11-23T10:20:00.000Z');

		// the slow poll finally returns: it had read A and B, which the newer poll emitted meanwhile
		market.release();
		expect(await slow).toEqual([]);
		expect(staticData.cursor).toBe('2026-11-23T10:20:00.000Z');
		expect(Object.keys(staticData.seen as IDataObject).sort()).toEqual(['A', 'B', 'C']);
	});

	it('a poll that outlived its lease drops at commit what the newer poll emitted meanwhile', async () => {
		const market = new FakeMarketplace();
		const staticData: IDataObject = {};
		await ids(pollTrigger(context(staticData), market.events(), options));
		clock.time += 5 * MINUTE;
		market.items = [
			{ id: 'A', at: t('10:02') },
			{ id: 'B', at: t('10:03') },
		];
		// the slow poll has decided to emit A and waits for its details
		market.holdOutput();
		const slow = ids(pollTrigger(context(staticData), market.events(), options));
		clock.time += 20 * MINUTE;
		expect(await ids(pollTrigger(context(staticData), market.events(), options))).toEqual([
			'A',
			'B',
		]);
		market.releaseOutput?.();
		expect(await slow).toEqual([]);
		expect(staticData.cursor).toBe('2026-11-23T10:03:00.000Z');
	});

	it('a poll that fails releases its lease: the next one runs', async () => {
		const staticData: IDataObject = {};
		const failing: TriggerEvents<Item> = {
			// eslint-disable-next-line require-yield
			async *pages() {
				throw new Error('marketplace down');
			},
			key: (item) => item.id,
			time: (item) => item.at,
			output: async (item) => ({ id: item.id }),
		};
		await expect(pollTrigger(context(staticData), failing, options)).rejects.toThrow(
			'marketplace down',
		);
		const market = new FakeMarketplace();
		market.items = [{ id: 'A', at: t('09:59') }];
		expect(await ids(pollTrigger(context(staticData), market.events(), options))).toEqual([]);
		expect(market.listCalls).toBe(1);
		expect(staticData.seen).toEqual({ A: t('09:59') });
	});
});
