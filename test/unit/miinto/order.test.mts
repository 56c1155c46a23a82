/**
 * Orders: accepted orders listed with offset/limit to `totalItemCount` and read one by one, normalized: minor-unit
 * prices converted, the three delivery types (home, company, parcel shop) in the address model, Koongo's options.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { orderSchema } from '../../helpers/model-schemas.mts';
import {
	ORDER,
	SHOP,
	envelope,
	mockChannels,
	order,
	runMiinto,
	shopPath,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

const getOrder = (options: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'get',
	shopId: SHOP,
	orderId: '550001',
	options,
});

async function normalized(raw: unknown, options: Record<string, unknown> = {}) {
	mockChannels(1);
	nock(ORDER).get(shopPath('/orders/550001')).reply(200, envelope(raw));
	const { items } = await runMiinto(getOrder(options));
	expect(items).toHaveLength(1);
	return orderSchema.parse(items[0].json);
}

describe('Order > Get: normalization', () => {
	it('converts minor-unit prices, keeps Unicode names, and splits the name on the first space', async () => {
		const result = await normalized(order(550001));
		expect(result).toMatchObject({
			marketplace: 'miinto',
			orderId: '550001',
			orderNumber: '880001',
			status: 'open',
			currency: 'DKK',
			createdAt: '2026-11-23T10:15:00.000Z',
			fulfilment: 'merchant',
			updateStoreStock: true,
			totals: { items: 309.4, total: 309.4, shipping: null },
			customer: {
				firstName: 'Søren',
				lastName: 'Kierkegaard Hansen',
				email: 'soren@example.dk',
				phone: '+4512345678',
			},
			billingAddress: {
				fullName: 'Søren Kierkegaard Hansen',
				address1: 'Nørregade 7',
				postalCode: '1165',
				city: 'København K',
				countryCode: 'DK',
			},
			extra: { shopId: SHOP, parentOrderId: '880001', deliveryType: 'HomeDelivery' },
		});
		expect(result.lines).toMatchObject([
			{
				lineId: '1201',
				quantity: 2,
				quantityOpen: 2,
				unitPrice: 129.95,
				totalPrice: 259.9,
				status: 'open',
			},
			{ lineId: '1202', title: 'Ærmeløs top – «Ø»', unitPrice: 49.5, totalPrice: 49.5 },
		]);
	});

	it('HomeDelivery: the person named at their address', async () => {
		const result = await normalized(order(550001));
		expect(result.shippingAddress).toMatchObject({
			firstName: 'Søren',
			lastName: 'Hansen',
			company: null,
			address1: 'Vesterbrogade 1',
			postalCode: '1620',
			city: 'København V',
			countryCode: 'DK',
			pickupPoint: null,
		});
	});

	it('CompanyDelivery: the company named, for the buyer', async () => {
		const result = await normalized(
			order(550001, {
				shippingInformation: {
					deliveryAddress: {
						name: 'Hygge ApS',
						type: 'CompanyDelivery',
						address: {
							street: 'Strandvejen 100',
							postcode: '2900',
							city: 'Hellerup',
							countryCode: 'DK',
						},
					},
				},
			}),
		);
		expect(result.shippingAddress).toMatchObject({
			company: 'Hygge ApS',
			firstName: 'Søren',
			lastName: 'Kierkegaard Hansen',
			address1: 'Strandvejen 100',
			pickupPoint: null,
		});
		expect(result.customer.company).toBe('Hygge ApS');
	});

	it('ParcelShopDelivery: the buyer at the parcel shop, named as the pick-up point', async () => {
		const result = await normalized(
			order(550001, {
				shippingInformation: {
					deliveryAddress: {
						name: 'Pakkeshop Netto Østerbro',
						type: 'ParcelShopDelivery',
						parcelShopId: 'PS-94211',
						address: {
							street: 'Østerbrogade 50',
							postcode: '2100',
							city: 'København Ø',
							countryCode: 'DK',
						},
					},
				},
			}),
		);
		expect(result.shippingAddress).toMatchObject({
			fullName: 'Søren Kierkegaard Hansen',
			company: null,
			address1: 'Østerbrogade 50',
			city: 'København Ø',
			pickupPoint: { name: 'Pakkeshop Netto Østerbro', id: 'PS-94211' },
		});
		expect(result.extra.deliveryType).toBe('ParcelShopDelivery');
	});

	it('Use Billing Address for Shipping, Product Identification and SKU cropping', async () => {
		const result = await normalized(order(550001), {
			billingAsShipping: true,
			productIdentification: 'miintoItemId',
			skuPrefixPattern: 'MI-',
		});
		expect(result.shippingAddress).toEqual(result.billingAddress);
		expect(result.lines.map((l) => l.sku)).toEqual(['1201', '1202']);
		expect(result.lines.map((l) => l.ean)).toEqual(['5701234567899', '5701234567905']);
	});

	it('Include Raw Payload adds the Miinto order', async () => {
		const result = await normalized(order(550001), { includeRaw: true });
		expect((result.raw as { id: number }).id).toBe(550001);
	});

	it('refuses an order id that is not a number and an unknown Product Identification before any request', async () => {
		const bad = await runMiinto({ ...getOrder(), orderId: 'ORD-1' }).catch((e: Error) => e);
		expect((bad as Error).message).toMatch(/"Order ID" \(orderId\): got "ORD-1"/);
		const option = await runMiinto(getOrder({ productIdentification: 'ean13' })).catch(
			(e: Error) => e,
		);
		expect((option as Error).message).toBe(
			'Invalid value for "Product Identification" (options.productIdentification): got "ean13". Allowed: one of gtin, miintoItemId, productId.',
		);
	});
});

describe('Order > Get Many', () => {
	function serveOrders(total: number, createdAt: (id: number) => string) {
		const offsets: number[] = [];
		nock(ORDER)
			.get(shopPath('/orders'))
			.query(true)
			.times(20)
			.reply(function () {
				const query = new URL(`http://x${this.req.path}`).searchParams;
				expect(query.getAll('status[]')).toEqual(['accepted']);
				expect(query.get('sort')).toBe('-createdAt');
				const offset = Number(query.get('offset'));
				offsets.push(offset);
				const data = [];
				for (let n = offset + 1; n <= Math.min(total, offset + Number(query.get('limit'))); n++)
					data.push(order(n, { parentOrder: { id: 70000 + n, createdAt: createdAt(n) } }));
				return [200, envelope(data, { totalItemCount: total })];
			});
		return offsets;
	}

	it('pages with offset/limit until totalItemCount', async () => {
		mockChannels(1);
		const offsets = serveOrders(101, () => '2026-11-20T08:00:00Z');
		const { items } = await runMiinto({
			resource: 'order',
			operation: 'getAll',
			shopId: SHOP,
			returnAll: true,
			options: {},
		});
		expect(items).toHaveLength(101);
		expect(offsets).toEqual([0, 50, 100]);
		expect(items[100].json.orderId).toBe('101');
	});

	it('Created After stops at the first older order (newest first), without reading further pages', async () => {
		mockChannels(1);
		// order n was created n hours before 2026-11-23T10:00Z
		const offsets = serveOrders(200, (n) =>
			new Date(Date.parse('2026-11-23T10:00:00Z') - n * 3_600_000).toISOString(),
		);
		const { items } = await runMiinto({
			resource: 'order',
			operation: 'getAll',
			shopId: SHOP,
			returnAll: true,
			options: { createdAfter: '2026-11-22T03:30:00Z' },
		});
		// 30 hours back: orders 1..30
		expect(items.map((i) => i.json.orderId)).toEqual(
			Array.from({ length: 30 }, (_, n) => String(n + 1)),
		);
		expect(offsets).toEqual([0]);
	});
});
