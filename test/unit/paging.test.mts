import { describe, expect, it } from 'vitest';

import { pageNumberFetcher, paginate, paginatePages, take } from '../../nodes/shared/paging';

describe('paging', () => {
	it('fetches only the pages needed for the limit', async () => {
		const requested: number[] = [];
		const fetcher = pageNumberFetcher(async (page) => {
			requested.push(page);
			return Array.from({ length: 50 }, (_, i) => (page - 1) * 50 + i);
		}, 50);
		const items = await take(paginate(fetcher), false, 60);
		expect(items).toHaveLength(60);
		expect(items[59]).toBe(59);
		expect(requested).toEqual([1, 2]);
	});

	it('stops at a short page when returning all', async () => {
		const requested: number[] = [];
		const fetcher = pageNumberFetcher(async (page) => {
			requested.push(page);
			return page < 3 ? Array.from({ length: 50 }, () => page) : [page];
		}, 50);
		const items = await take(paginate(fetcher), true, 0);
		expect(items).toHaveLength(101);
		expect(requested).toEqual([1, 2, 3]);
	});

	it('follows cursors and stops when a cursor repeats', async () => {
		const cursors: Array<string | undefined> = [];
		const items = await take(
			paginate<string, string>(async (cursor) => {
				cursors.push(cursor);
				if (cursor === undefined) return { items: ['a'], next: 'c1' };
				if (cursor === 'c1') return { items: ['b'], next: 'c2' };
				return { items: ['c'], next: 'c2' };
			}),
			true,
			0,
		);
		expect(items).toEqual(['a', 'b', 'c']);
		expect(cursors).toEqual([undefined, 'c1', 'c2']);
	});

	it('asks for nothing with a limit of 0', async () => {
		let calls = 0;
		const items = await take(
			paginate(async () => {
				calls++;
				return { items: [1] };
			}),
			false,
			0,
		);
		expect(items).toEqual([]);
		expect(calls).toBe(0);
	});

	it('hands out whole pages, lazily', async () => {
		const requested: number[] = [];
		const fetcher = pageNumberFetcher(async (page) => {
			requested.push(page);
			return page < 3 ? [page, page] : [page];
		}, 2);
		const sizes: number[] = [];
		for await (const page of paginatePages(fetcher)) {
			sizes.push(page.items.length);
			if (sizes.length === 2) break;
		}
		expect(sizes).toEqual([2, 2]);
		expect(requested).toEqual([1, 2]);
	});
});
