import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { feedSchedule } from '../../../nodes/AmazonSellingPartner/actions/feedRun';
import { waitUntil } from '../../../nodes/shared/wait';
import {
	AMAZON_BASE,
	DE,
	NL,
	SELLER_ID,
	amazonCredentials,
	mockFeedLifecycle,
	mockLwa,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import { runNode } from './run.mts';

const clockOf = useUnitSetup();

const twoMarketplaces = { credentials: amazonCredentials({ marketplaceIds: [DE, NL] }) };

const stock = (params: Record<string, unknown> = {}) => ({
	resource: 'stock',
	operation: 'update',
	sku: 'SKU 1',
	quantity: 7,
	options: {},
	...params,
});

function mockListing(marketplaceId: string, status = 'ACCEPTED') {
	nock(AMAZON_BASE)
		.get(`/listings/2021-08-01/items/${SELLER_ID}/SKU%201`)
		.query({ marketplaceIds: marketplaceId, includedData: 'summaries,fulfillmentAvailability' })
		.reply(200, {
			sku: 'SKU 1',
			summaries: [{ marketplaceId, productType: 'LUGGAGE', asin: 'B0000001' }],
			fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 2 }],
		})
		.patch(`/listings/2021-08-01/items/${SELLER_ID}/SKU%201`)
		.query({ marketplaceIds: marketplaceId, includedData: 'issues' })
		.reply(200, {
			sku: 'SKU 1',
			status,
			submissionId: `sub-${marketplaceId}`,
			issues:
				status === 'ACCEPTED'
					? []
					: [{ code: '4000001', message: 'Not sold here.', severity: 'ERROR' }],
		});
}

describe("stock: update with the credential's marketplaces", () => {
	it('updates each marketplace separately through the Listings Items API, one result per marketplace', async () => {
		mockLwa();
		mockListing(DE);
		mockListing(NL);
		const { items } = await runNode(stock(), twoMarketplaces);
		expect(items.map((i) => [i.json.marketplaceId, i.json.status, i.pairedItem])).toEqual([
			[DE, 'accepted', { item: 0 }],
			[NL, 'accepted', { item: 0 }],
		]);
	});

	it('names the marketplace that refused and the one that applied', async () => {
		mockLwa();
		mockListing(DE);
		mockListing(NL, 'INVALID');
		const { items } = await runNode(stock(), { ...twoMarketplaces, continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toContain(
			`Could not update the stock of SKU SKU 1 in marketplace ${NL}`,
		);
		expect(items[0].json.errorDescription).toContain(`It was sent to marketplace ${DE} (accepted)`);
	});

	it('sends one listings feed per marketplace and gives each item its result per marketplace', async () => {
		mockLwa();
		const report = JSON.stringify({
			header: { sellerId: SELLER_ID, version: '2.0', feedId: 'x' },
			issues: [],
			summary: {
				errors: 0,
				warnings: 0,
				messagesProcessed: 1,
				messagesAccepted: 1,
				messagesInvalid: 0,
			},
		});
		const de = mockFeedLifecycle({ feedType: 'JSON_LISTINGS_FEED', report, feedId: '50001' });
		const nl = mockFeedLifecycle({ feedType: 'JSON_LISTINGS_FEED', report, feedId: '50002' });
		const { items } = await runNode(stock({ options: { updateMethod: 'feed' } }), twoMarketplaces);
		expect([...de.created, ...nl.created].map((c) => c.marketplaceIds)).toEqual([[DE], [NL]]);
		expect(
			items.map((i) => [i.json.marketplaceId, i.json.status, (i.json.feed as any).feedId]),
		).toEqual([
			[DE, 'accepted', '50001'],
			[NL, 'accepted', '50002'],
		]);
	});
});

describe('feed polling schedule', () => {
	/** Polls a job that finishes `doneAtMs` after it started; returns when it was noticed and how many checks it took. */
	async function noticed(messages: number, doneAtMs: number) {
		const clock = clockOf();
		const start = clock.now();
		let checks = 0;
		const { finished } = await waitUntil(
			async () => (checks++, clock.now() - start >= doneAtMs),
			(done) => done,
			{ timeoutMs: 3_600_000, startedAt: start, schedule: feedSchedule(messages) },
		);
		expect(finished).toBe(true);
		return { at: clock.now() - start, checks, sleeps: clock.sleeps };
	}

	it('checks a big feed when it is expected to be done, then at short intervals: noticed within 10% of its time', async () => {
		// the benchmark's 10,000-SKU feed: 35 s in the emulator
		const { at, checks, sleeps } = await noticed(10_000, 35_000);
		expect(sleeps[0]).toBe(20_000);
		expect(at).toBeLessThanOrEqual(35_000 * 1.1);
		expect(checks).toBeLessThanOrEqual(10);
	});

	it('checks a one-message feed after 2 s, and a feed that takes an hour at most every 15 s', async () => {
		expect((await noticed(1, 2000)).sleeps).toEqual([2000]);
		clockOf().sleeps = [];
		const slow = await noticed(1, 3_600_000);
		expect(Math.max(...slow.sleeps)).toBe(15_000);
		expect(slow.at).toBeLessThanOrEqual(3_600_000 + 15_000);
		// getFeed allows 2 calls per second: never more than one check every 2 s
		expect(Math.min(...slow.sleeps)).toBeGreaterThanOrEqual(2000);
	});
});
