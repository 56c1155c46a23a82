import nock from 'nock';
import type { ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { AmazonSellingPartner } from '../../../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import { ORDER_LOCATOR } from '../../../nodes/AmazonSellingPartner/actions/common';
import { sellerCentralOrderUrl } from '../../../nodes/AmazonSellingPartner/constants';
import { listSearchPage, locatorProperty, readLocator } from '../../../nodes/shared/locators';
import { InputValidator } from '../../../nodes/shared/validation';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	DE,
	NL,
	SELLER_ID,
	US_UNSHIPPED,
	amazonContext,
	amazonCredentials,
	exampleOrder,
	mockLwa,
	modelViolations,
} from '../../helpers/amazon.mts';
import { useUnitSetup } from '../../helpers/amazon.mts';
import { runNode, runNodeError } from './run.mts';

useUnitSetup();

const node = new AmazonSellingPartner();
const SEARCH = '/orders/2026-01-01/orders';

function loadContext(credentials = amazonCredentials()) {
	const fake = amazonContext({}, { credentials });
	return { fake, ctx: fake.ctx as unknown as ILoadOptionsFunctions };
}

function order(id: string, createdTime: string, overrides: Record<string, unknown> = {}) {
	return {
		...exampleOrder(BR_UNSHIPPED),
		orderId: id,
		createdTime,
		proceeds: { grandTotal: { amount: '42.50', currencyCode: 'EUR' } },
		fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
		salesChannel: { channelName: 'AMAZON', marketplaceId: DE },
		...overrides,
	};
}

describe('order picker: From List (listSearch.searchOrders)', () => {
	it('asks for one page of the last 30 days in the credential marketplaces, newest first, with name, url and description', async () => {
		mockLwa();
		const queries: Array<Record<string, string>> = [];
		nock(AMAZON_BASE)
			.get(SEARCH)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, {
				orders: [
					order('111-0000000-0000001', '2026-11-20T08:00:00Z'),
					order('111-0000000-0000002', '2026-11-22T09:30:00Z'),
				],
				pagination: { nextToken: 'amazon-token-1' },
			});
		const { ctx, fake } = loadContext(amazonCredentials({ marketplaceIds: [DE, NL] }));
		const page = await node.methods.listSearch.searchOrders.call(ctx);
		expect(queries).toEqual([
			{
				createdAfter: '2026-10-24T10:00:00.000Z',
				marketplaceIds: `${DE},${NL}`,
				includedData: 'PROCEEDS,FULFILLMENT',
				maxResultsPerPage: '50',
			},
		]);
		expect(modelViolations(fake.http)).toEqual([]);
		expect(page.results.map((r) => r.value)).toEqual([
			'111-0000000-0000002',
			'111-0000000-0000001',
		]);
		expect(page.results[0]).toEqual({
			name: '111-0000000-0000002 · 2026-11-22 · UNSHIPPED · 42.50 EUR',
			value: '111-0000000-0000002',
			url: 'https://sellercentral.amazon.de/orders-v3/order/111-0000000-0000002',
			description:
				'Purchased 2026-11-22T09:30:00Z, status UNSHIPPED, total 42.50 EUR, Germany (Amazon.de)',
		});
		expect(page.paginationToken).toEqual(expect.any(String));
	});

	it('passes the page token through: the next page is one call with Amazon token and the same period', async () => {
		mockLwa();
		const queries: Array<Record<string, string>> = [];
		nock(AMAZON_BASE)
			.get(SEARCH)
			.times(2)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, () =>
				queries.length === 1
					? {
							orders: [order('111-0000000-0000001', '2026-11-20T08:00:00Z')],
							pagination: { nextToken: 'amazon-token-1' },
						}
					: { orders: [order('111-0000000-0000003', '2026-11-21T08:00:00Z')] },
			);
		const { ctx } = loadContext();
		const first = await node.methods.listSearch.searchOrders.call(ctx);
		expect(queries).toHaveLength(1);
		const second = await node.methods.listSearch.searchOrders.call(
			ctx,
			undefined,
			first.paginationToken,
		);
		expect(queries).toHaveLength(2);
		expect(queries[1]).toEqual({ ...queries[0], paginationToken: 'amazon-token-1' });
		expect(second.results.map((r) => r.value)).toEqual(['111-0000000-0000003']);
		// the last page: no token, n8n stops asking
		expect(second.paginationToken).toBeUndefined();
	});

	it('keeps the orders whose ID contains the filter', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(SEARCH)
			.query(true)
			.reply(200, {
				orders: [
					order('111-0000000-0000001', '2026-11-20T08:00:00Z'),
					order('302-1234567-0000002', '2026-11-21T08:00:00Z'),
				],
			});
		const { ctx } = loadContext();
		const page = await node.methods.listSearch.searchOrders.call(ctx, ' 1234567 ');
		expect(page.results.map((r) => r.value)).toEqual(['302-1234567-0000002']);
	});

	it('shows what it has for an order without total or status', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(SEARCH)
			.query(true)
			.reply(200, {
				orders: [
					order('111-0000000-0000001', '2026-11-20T08:00:00Z', {
						proceeds: undefined,
						fulfillment: undefined,
						salesChannel: { channelName: 'AMAZON' },
					}),
				],
			});
		const page = await node.methods.listSearch.searchOrders.call(loadContext().ctx);
		expect(page.results[0].name).toBe('111-0000000-0000001 · 2026-11-20');
		expect(page.results[0].url).toBe(
			'https://sellercentral.amazon.com/orders-v3/order/111-0000000-0000001',
		);
	});
});

describe('loadOptions.getMarketplaces', () => {
	it("lists the credential's marketplaces by country, after the 'all' entry, with no request", async () => {
		const { ctx, fake } = loadContext(
			amazonCredentials({
				marketplaceIds: [DE, NL],
				otherMarketplaceIds: 'A1RKKUPIHCS9HS, AXXXXXXXXXX1',
			}),
		);
		const options = await node.methods.loadOptions.getMarketplaces.call(ctx);
		expect(options.map((o) => [o.name, o.value])).toEqual([
			["All of the Credential's Marketplaces", ''],
			['Germany (Amazon.de)', DE],
			['Netherlands (Amazon.nl)', NL],
			['Spain (Amazon.es)', 'A1RKKUPIHCS9HS'],
			['Marketplace AXXXXXXXXXX1', 'AXXXXXXXXXX1'],
		]);
		expect(fake.http).toEqual([]);
	});

	it('is what the stock update marketplace field loads', () => {
		const field = node.description.properties
			.flatMap((p) => [p, ...((p.options ?? []) as INodeProperties[])])
			.find((p) => p.name === 'marketplaceId');
		expect(field?.type).toBe('options');
		expect(field?.typeOptions?.loadOptionsMethod).toBe('getMarketplaces');
	});
});

/** The regex of a mode's regex validation. */
function regexOf(validation: unknown): string {
	return (validation as { properties: { regex: string } }).properties.regex;
}

describe('order ID reader', () => {
	const v = () => new InputValidator({ name: 'Node' } as never, 0);
	const field = { label: 'Order ID', name: 'orderId' };
	const read = (value: unknown) => readLocator(v(), field, value, ORDER_LOCATOR);

	it('reads a locator object in every mode, a plain string and a URL', () => {
		expect(read({ __rl: true, mode: 'list', value: BR_UNSHIPPED })).toBe(BR_UNSHIPPED);
		expect(read({ __rl: true, mode: 'id', value: ` ${BR_UNSHIPPED} ` })).toBe(BR_UNSHIPPED);
		expect(read({ __rl: true, mode: 'url', value: sellerCentralOrderUrl(BR_UNSHIPPED, NL) })).toBe(
			BR_UNSHIPPED,
		);
		expect(
			read({
				__rl: true,
				mode: 'url',
				value: `https://sellercentral.amazon.com/orders-v3/order/${US_UNSHIPPED}/confirm-shipment?ref=x`,
			}),
		).toBe(US_UNSHIPPED);
		expect(read(BR_UNSHIPPED)).toBe(BR_UNSHIPPED);
		expect(read(`https://sellercentral.amazon.co.uk/orders-v3/order/${BR_UNSHIPPED}`)).toBe(
			BR_UNSHIPPED,
		);
	});

	it('refuses a bad ID, an empty value and a foreign URL, naming the field', () => {
		for (const bad of [
			{ __rl: true, mode: 'id', value: '12345' },
			{ __rl: true, mode: 'list', value: '' },
			{ __rl: true, mode: 'url', value: `https://example.com/orders-v3/order/${BR_UNSHIPPED}` },
			'',
			undefined,
		]) {
			expect(() => read(bad)).toThrow(/Invalid value for "Order ID" \(orderId\)/);
		}
		expect(() => read('12345')).toThrow(/3-7-7 digits like 902-1106328-1059050/);
	});

	it('declares the modes n8n validates in the editor (n8n anchors each regex)', () => {
		const property = locatorProperty(ORDER_LOCATOR);
		expect(property.type).toBe('resourceLocator');
		expect(property.name).toBe('orderId');
		const [list, id, url] = property.modes ?? [];
		expect(list.typeOptions).toEqual({ searchListMethod: 'searchOrders', searchable: true });
		const idRegex = regexOf(id.validation?.[0]);
		expect(new RegExp(`^${idRegex}$`).test(BR_UNSHIPPED)).toBe(true);
		expect(new RegExp(`^${idRegex}$`).test('171-98765-2109876')).toBe(false);
		const urlRegex = regexOf(url.validation?.[0]);
		expect(new RegExp(`^${urlRegex}$`).test(sellerCentralOrderUrl(BR_UNSHIPPED, DE))).toBe(true);
		expect(
			new RegExp((url.extractValue as { regex: string }).regex).exec(
				sellerCentralOrderUrl(BR_UNSHIPPED, DE),
			)?.[1],
		).toBe(BR_UNSHIPPED);
		expect(locatorProperty({ ...ORDER_LOCATOR, url: undefined }).modes?.map((m) => m.name)).toEqual(
			['list', 'id'],
		);
	});

	it('builds list pages with and without a token', () => {
		expect(listSearchPage([{ name: 'a', value: '1' }])).toEqual({
			results: [{ name: 'a', value: '1' }],
		});
		expect(listSearchPage([], 'next')).toEqual({ results: [], paginationToken: 'next' });
	});
});

describe('order operations read the picker', () => {
	it('gets the order a locator in URL mode names', async () => {
		mockLwa();
		const scope = nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const { items } = await runNode({
			resource: 'order',
			operation: 'get',
			orderId: {
				__rl: true,
				mode: 'url',
				value: `https://sellercentral.amazon.com.br/orders-v3/order/${BR_UNSHIPPED}`,
			},
			options: {},
		});
		expect(scope.isDone()).toBe(true);
		expect(items[0].json.orderId).toBe(BR_UNSHIPPED);
	});

	it('fails on a bad ID before any request, naming the field', async () => {
		const { error, fake } = await runNodeError({
			resource: 'order',
			operation: 'get',
			orderId: { __rl: true, mode: 'id', value: '171-98765' },
			options: {},
		});
		expect(error.message).toMatch(/Invalid value for "Order ID" \(orderId\): got "171-98765"/);
		expect(fake.http).toEqual([]);
	});
});

describe('order picker: a whole order ID as the filter', () => {
	it('looks the order up with one getOrder call instead of searching', async () => {
		mockLwa();
		const scope = nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query({ includedData: 'PROCEEDS,FULFILLMENT' })
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const { ctx, fake } = loadContext();
		const page = await node.methods.listSearch.searchOrders.call(ctx, BR_UNSHIPPED);
		expect(scope.isDone()).toBe(true);
		expect(page.results.map((r) => r.value)).toEqual([BR_UNSHIPPED]);
		expect(page.paginationToken).toBeUndefined();
		expect(modelViolations(fake.http)).toEqual([]);
	});

	it('answers an empty list when Amazon has no such order', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders/999-9999999-9999999')
			.query(true)
			.reply(404, { errors: [{ code: 'NotFound', message: 'Order not found' }] });
		const page = await node.methods.listSearch.searchOrders.call(
			loadContext().ctx,
			'999-9999999-9999999',
		);
		expect(page).toEqual({ results: [] });
	});
});

describe('feed picker (Feed > Get): From List (listSearch.searchFeeds)', () => {
	const feed = (feedId: string, createdTime: string, overrides: Record<string, unknown> = {}) => ({
		feedId,
		feedType: 'JSON_LISTINGS_FEED',
		marketplaceIds: [DE],
		createdTime,
		processingStatus: 'DONE',
		processingEndTime: '2026-11-23T09:05:00Z',
		...overrides,
	});

	it("asks getFeeds for the node's feed types, 50 a page, then pages on with Amazon's token alone; filters by ID, type or status", async () => {
		mockLwa();
		const queries: Array<Record<string, string>> = [];
		nock(AMAZON_BASE)
			.get('/feeds/2021-06-30/feeds')
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, {
				feeds: [
					feed('50002', '2026-11-23T09:00:00Z'),
					feed('50001', '2026-11-22T09:00:00Z', {
						feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
						processingStatus: 'IN_QUEUE',
						processingEndTime: undefined,
					}),
				],
				nextToken: 'feeds-token-1',
			})
			.get('/feeds/2021-06-30/feeds')
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, { feeds: [feed('49999', '2026-11-01T09:00:00Z')] });
		const { ctx, fake } = loadContext();
		const first = await node.methods.listSearch.searchFeeds.call(ctx, 'in_queue');
		expect(queries[0]).toEqual({
			feedTypes: 'JSON_LISTINGS_FEED,POST_ORDER_ACKNOWLEDGEMENT_DATA,POST_PAYMENT_ADJUSTMENT_DATA',
			pageSize: '50',
		});
		expect(first.results).toEqual([
			{
				name: '50001 · 2026-11-22 · POST_ORDER_ACKNOWLEDGEMENT_DATA · IN_QUEUE',
				value: '50001',
				description: 'Created 2026-11-22T09:00:00Z, Germany (Amazon.de)',
			},
		]);
		expect(first.paginationToken).toBe('feeds-token-1');
		const second = await node.methods.listSearch.searchFeeds.call(ctx, undefined, 'feeds-token-1');
		expect(queries[1]).toEqual({ nextToken: 'feeds-token-1' });
		expect(second.results).toEqual([
			{
				name: '49999 · 2026-11-01 · JSON_LISTINGS_FEED · DONE',
				value: '49999',
				description:
					'Created 2026-11-01T09:00:00Z, processed 2026-11-23T09:05:00Z, Germany (Amazon.de)',
			},
		]);
		expect(second.paginationToken).toBeUndefined();
		expect(modelViolations(fake.http)).toEqual([]);
	});

	it('looks a whole feed ID up with one getFeed call; an unknown one falls back to the list', async () => {
		mockLwa();
		const scope = nock(AMAZON_BASE)
			.get('/feeds/2021-06-30/feeds/3485934')
			.reply(200, feed('3485934', '2026-10-01T09:00:00Z'))
			.get('/feeds/2021-06-30/feeds/3485935')
			.reply(404, { errors: [{ code: 'NotFound', message: 'Feed not found' }] })
			.get('/feeds/2021-06-30/feeds')
			.query(true)
			.reply(200, { feeds: [feed('50002', '2026-11-23T09:00:00Z')] });
		const { ctx } = loadContext();
		const found = await node.methods.listSearch.searchFeeds.call(ctx, '3485934');
		expect(found.results.map((r) => r.value)).toEqual(['3485934']);
		const unknown = await node.methods.listSearch.searchFeeds.call(ctx, '3485935');
		expect(unknown).toEqual({ results: [] });
		expect(scope.isDone()).toBe(true);
	});

	it('offers From List and By ID (no By URL: Seller Central has no page per feed)', () => {
		const property = (node.description.properties as INodeProperties[]).find(
			(p) => p.name === 'feedId',
		);
		expect(property?.type).toBe('resourceLocator');
		expect(property?.displayOptions?.show).toMatchObject({
			resource: ['feed'],
			operation: ['get'],
		});
		expect(property?.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(property?.modes?.[0].typeOptions?.searchListMethod).toBe('searchFeeds');
	});

	it('gets the feed picked from the list, typed, or given as a plain string (expressions)', async () => {
		for (const feedId of [
			{ __rl: true, mode: 'list', value: '42' },
			{ __rl: true, mode: 'id', value: ' 42 ' },
			'42',
		]) {
			mockLwa();
			const scope = nock(AMAZON_BASE)
				.get('/feeds/2021-06-30/feeds/42')
				.reply(200, feed('42', '2026-11-23T09:00:00Z', { processingStatus: 'IN_PROGRESS' }));
			const { items } = await runNode({ resource: 'feed', operation: 'get', feedId, options: {} });
			expect(scope.isDone()).toBe(true);
			expect(items[0].json).toMatchObject({ feedId: '42', processingStatus: 'IN_PROGRESS' });
		}
	});

	it('fails on a bad feed ID before any request, naming the field', async () => {
		for (const feedId of [{ __rl: true, mode: 'id', value: '42/../1' }, '', 'feed 42']) {
			const { error, fake } = await runNodeError({
				resource: 'feed',
				operation: 'get',
				feedId,
				options: {},
			});
			expect(error.message).toMatch(/Invalid value for "Feed ID" \(feedId\)/);
			expect(error.message).toMatch(/an Amazon feed ID, letters, digits and -/);
			expect(fake.http).toEqual([]);
		}
	});
});

describe('listing picker (Stock > Update): From List (listSearch.searchListings)', () => {
	const SEARCH_LISTINGS = `/listings/2021-08-01/items/${SELLER_ID}`;
	const listing = (sku: string, quantity: number, marketplaceId = DE) => ({
		sku,
		summaries: [
			{
				marketplaceId,
				asin: `B0${sku.replace(/\D/g, '').padStart(8, '0')}`,
				productType: 'LUGGAGE',
				status: ['BUYABLE', 'DISCOVERABLE'],
				itemName: `Bag ${sku}`,
			},
		],
		fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity }],
	});
	/** The editor's context: the stock update's options (its Marketplace) as the panel holds them. */
	const withOptions = (options: Record<string, unknown> = {}) => {
		const { ctx, fake } = loadContext(amazonCredentials({ marketplaceIds: [DE, NL] }));
		return {
			fake,
			ctx: Object.assign(ctx, {
				getCurrentNodeParameter: (name: string) => (name === 'options' ? options : undefined),
			}) as unknown as ILoadOptionsFunctions,
		};
	};

	it("pages through the seller's listings of the credential's first marketplace, 20 a call, with Amazon's token; filters by SKU, ASIN or title", async () => {
		mockLwa();
		const queries: Array<Record<string, string>> = [];
		nock(AMAZON_BASE)
			.get(SEARCH_LISTINGS)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, {
				numberOfResults: 3,
				items: [listing('SKU-1', 4), listing('SKU-2', 0)],
				pagination: { nextToken: 'listings-token-1' },
			})
			.get(SEARCH_LISTINGS)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, { numberOfResults: 3, items: [listing('SKU-3', 9)] });
		const { ctx, fake } = withOptions();
		const first = await node.methods.listSearch.searchListings.call(ctx, 'bag sku');
		expect(queries[0]).toEqual({
			marketplaceIds: DE,
			includedData: 'summaries,fulfillmentAvailability',
			pageSize: '20',
		});
		expect(first.results).toEqual([
			{
				name: 'SKU-1 · Bag SKU-1 · BUYABLE/DISCOVERABLE · stock 4',
				value: 'SKU-1',
				description: 'ASIN B000000001, LUGGAGE, Germany (Amazon.de), channels DEFAULT',
			},
			expect.objectContaining({ value: 'SKU-2' }),
		]);
		expect(first.paginationToken).toBe('listings-token-1');
		const second = await node.methods.listSearch.searchListings.call(
			ctx,
			undefined,
			'listings-token-1',
		);
		expect(queries[1]).toEqual({ ...queries[0], pageToken: 'listings-token-1' });
		expect(second.results.map((r) => r.value)).toEqual(['SKU-3']);
		expect(second.paginationToken).toBeUndefined();
		expect(modelViolations(fake.http)).toEqual([]);
	});

	it('lists the marketplace the stock update names, and looks a whole SKU up directly (getListingsItem; unknown: the list)', async () => {
		mockLwa();
		const scope = nock(AMAZON_BASE)
			.get(`${SEARCH_LISTINGS}/SKU-7`)
			.query({ marketplaceIds: NL, includedData: 'summaries,fulfillmentAvailability' })
			.reply(200, listing('SKU-7', 2, NL))
			.get(`${SEARCH_LISTINGS}/SKU-8`)
			.query(true)
			.reply(404, { errors: [{ code: 'NOT_FOUND', message: 'SKU not found' }] })
			.get(SEARCH_LISTINGS)
			.query((q) => q.marketplaceIds === NL)
			.reply(200, { numberOfResults: 1, items: [listing('SKU-1', 4, NL)] });
		const { ctx } = withOptions({ marketplaceId: NL });
		const found = await node.methods.listSearch.searchListings.call(ctx, 'SKU-7');
		expect(found.results).toEqual([
			expect.objectContaining({
				value: 'SKU-7',
				description: expect.stringContaining('Netherlands'),
			}),
		]);
		const unknown = await node.methods.listSearch.searchListings.call(ctx, 'SKU-8');
		expect(unknown).toEqual({ results: [] });
		expect(scope.isDone()).toBe(true);
	});

	it('offers From List and By ID for the Seller SKU (no By URL)', () => {
		const property = (node.description.properties as INodeProperties[]).find(
			(p) => p.name === 'sku',
		);
		expect(property?.type).toBe('resourceLocator');
		expect(property?.displayOptions?.show).toMatchObject({
			resource: ['stock'],
			operation: ['update'],
		});
		expect(property?.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(property?.modes?.[0].typeOptions?.searchListMethod).toBe('searchListings');
	});

	it('updates the listing picked from the list, typed, or given as a plain string (templates); a bad SKU fails before any request', async () => {
		for (const sku of [
			{ __rl: true, mode: 'list', value: 'SKU 1' },
			{ __rl: true, mode: 'id', value: ' SKU 1 ' },
			'SKU 1',
		]) {
			mockLwa();
			const scope = nock(AMAZON_BASE)
				.get(`${SEARCH_LISTINGS}/SKU%201`)
				.query(true)
				.reply(200, listing('SKU 1', 2))
				.patch(`${SEARCH_LISTINGS}/SKU%201`)
				.query(true)
				.reply(200, { sku: 'SKU 1', status: 'ACCEPTED', submissionId: 's1', issues: [] });
			const { items } = await runNode({
				resource: 'stock',
				operation: 'update',
				sku,
				quantity: 7,
				options: {},
			});
			expect(scope.isDone()).toBe(true);
			expect(items[0].json).toMatchObject({ sku: 'SKU 1', status: 'accepted' });
		}
		for (const sku of [{ __rl: true, mode: 'id', value: 'S'.repeat(41) }, '', '   ']) {
			const { error, fake } = await runNodeError({
				resource: 'stock',
				operation: 'update',
				sku,
				quantity: 7,
				options: {},
			});
			expect(error.message).toMatch(/Invalid value for "Seller SKU" \(sku\)/);
			expect(error.message).toContain('a seller SKU of 1 to 40 characters');
			expect(fake.http).toEqual([]);
		}
	});
});
