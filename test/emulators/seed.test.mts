/** Seed data: reproducible from a seed number, realistic variety, one catalogue for marketplace and stores. */
import { describe, expect, it } from 'vitest';

import { generateBolSeed } from '../../sandbox/emulators/bol/seed.mts';
import { generateCatalog, isValidEan13 } from '../../sandbox/emulators/seed/catalog.mts';
import { bolService } from '../../sandbox/emulators/bol/index.mts';
import { admin, start } from './helpers.mts';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('bol seed generator', () => {
	it('is reproducible: same seed and time, same data; another seed, other data', () => {
		const a = generateBolSeed({ seed: 7, orders: 40, now: NOW });
		expect(generateBolSeed({ seed: 7, orders: 40, now: NOW })).toEqual(a);
		const b = generateBolSeed({ seed: 8, orders: 40, now: NOW });
		expect(b.orders.map((o) => o.orderId)).not.toEqual(a.orders.map((o) => o.orderId));
		expect(new Set(a.orders.map((o) => o.orderId)).size).toBe(40);
		const items = a.orders.flatMap((o) => o.items.map((i) => i.orderItemId));
		expect(new Set(items).size).toBe(items.length);
	});

	it('has the variety sync code must survive', () => {
		const { orders, offers, returns, shipments } = generateBolSeed({
			seed: 3,
			orders: 300,
			now: NOW,
		});
		const items = orders.flatMap((o) => o.items);
		const names = orders.flatMap((o) => [o.shipmentDetails.firstName, o.shipmentDetails.surname]);
		expect(orders.some((o) => o.items.length > 1)).toBe(true);
		expect(items.some((i) => i.quantity > 1)).toBe(true);
		expect(items.some((i) => i.fulfilmentMethod === 'FBB')).toBe(true);
		expect(items.some((i) => i.distributionParty === 'BOL')).toBe(true);
		expect(new Set(orders.map((o) => o.shipmentDetails.countryCode))).toEqual(
			new Set(['NL', 'BE']),
		);
		expect(orders.some((o) => o.pickupPoint && o.shipmentDetails.pickupPointName)).toBe(true);
		expect(orders.some((o) => o.shipmentDetails.houseNumberExtension)).toBe(true);
		expect(names.some((n) => [...n].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
		expect(names).toEqual(expect.arrayContaining(['Zoë', 'Ørsted-Müller', 'Çağlar']));
		expect(items.some((i) => i.cancellationRequest)).toBe(true);
		expect(items.some((i) => i.quantityShipped > 0 && i.quantityShipped < i.quantity)).toBe(true);
		expect(items.some((i) => i.quantityCancelled > 0)).toBe(true);
		expect(items.some((i) => i.quantityShipped === 0 && i.quantityCancelled === 0)).toBe(true);
		expect(items.some((i) => i.timeFrameType !== 'REGULAR' && i.exactDeliveryDate)).toBe(true);
		expect(orders.some((o) => o.billingDetails.vatNumber)).toBe(true);
		expect(returns.some((r) => r.items[0]?.handled)).toBe(true);
		expect(returns.some((r) => !r.items[0]?.handled)).toBe(true);
		expect(shipments.length).toBeGreaterThan(0);
		for (const offer of offers) expect(isValidEan13(offer.ean)).toBe(true);
		for (const item of items)
			expect(offers.some((o) => o.offerId === item.offerId && o.ean === item.ean)).toBe(true);
		for (const order of orders) expect(order.placedAt).toBeLessThanOrEqual(NOW);
	});

	it('offers use the shared catalogue: the EANs and SKUs the store emulators sell', () => {
		const catalog = generateCatalog(3);
		const { offers } = generateBolSeed({ seed: 3, orders: 1, now: NOW });
		expect(offers.map((o) => [o.ean, o.reference])).toEqual(catalog.map((p) => [p.ean, p.sku]));
		expect(catalog.some((p) => p.familySku)).toBe(true);
		expect(generateCatalog(3)).toEqual(catalog);
	});

	it('admin seeding with the same seed is idempotent; explicit objects are accepted', async () => {
		const bol = await start(bolService(), {});
		try {
			expect((await admin(bol.url, 'GET', 'state')).body.state.orders).toEqual([]);
			expect(
				(await admin(bol.url, 'POST', 'seed', { orders: 12, seed: 9 })).body.seeded.orders,
			).toBe(12);
			const first = (await admin(bol.url, 'GET', 'state')).body.state.orders
				.map((o: { orderId: string }) => o.orderId)
				.sort();
			await admin(bol.url, 'POST', 'seed', { orders: 12, seed: 9 });
			const again = (await admin(bol.url, 'GET', 'state')).body.state.orders
				.map((o: { orderId: string }) => o.orderId)
				.sort();
			expect(again).toEqual(first);
			const explicit = await admin(bol.url, 'POST', 'seed', {
				offers: [{ ean: '8712345678906', reference: 'MY-SKU', stock: 3 }],
				orders: [
					{
						orderId: 'A1B2C3D4E5',
						countryCode: 'BE',
						orderItems: [{ reference: 'MY-SKU', quantity: 2 }],
					},
				],
			});
			expect(explicit.body.seeded).toMatchObject({ offers: 1, orders: 1 });
			const order = (await admin(bol.url, 'GET', 'state')).body.state.orders.find(
				(o: { orderId: string }) => o.orderId === 'A1B2C3D4E5',
			);
			expect(order.orderItems[0]).toMatchObject({
				quantity: 2,
				offer: { reference: 'MY-SKU' },
				product: { ean: '8712345678906' },
			});
			expect(order.shipmentDetails.countryCode).toBe('BE');
			expect((await admin(bol.url, 'POST', 'seed', { orders: [{ orderItems: [] }] })).status).toBe(
				400,
			);
			expect(
				(await admin(bol.url, 'POST', 'seed', { returns: [{ orderItemId: 'nope' }] })).status,
			).toBe(400);
		} finally {
			await bol.stop();
		}
	});
});
