/**
 * Shipment > Create: the provider comes from those Miinto allows for the order (the store carrier by name or id, a
 * mapping row, or the default shipping service); the track & trace goes to the accepted positions. The payload is
 * [unverified] (nodes/Miinto/unverified.ts); these tests pin the node's guess as the derived contract shows it.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { Miinto } from '../../../nodes/Miinto/Miinto.node.ts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	ORDER,
	SHOP,
	arrived,
	channel,
	envelope,
	miintoContext,
	mockChannels,
	order,
	position,
	runMiinto,
	shopPath,
	signatureProblem,
	type ArrivedRequest,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

const ORDER_ID = 550001;
const TRACKING = '00370726201234567890';
const PROVIDERS = [
	{ id: 3, name: 'PostNord' },
	{ id: 7, name: 'GLS' },
	{ id: 9, name: 'DAO' },
];

const ship = (extra: Record<string, unknown> = {}) => ({
	resource: 'shipment',
	operation: 'create',
	shopId: SHOP,
	orderId: String(ORDER_ID),
	carrier: 'PostNord',
	trackAndTrace: TRACKING,
	positions: 'all',
	options: {},
	...extra,
});

function serveOrder(raw: unknown = order(ORDER_ID), patch = true) {
	const patches: ArrivedRequest[] = [];
	nock(ORDER)
		.get(shopPath(`/orders/${ORDER_ID}`))
		.reply(200, envelope(raw))
		.get(shopPath(`/shipping-providers/orders/${ORDER_ID}`))
		.reply(200, envelope(PROVIDERS));
	if (patch)
		nock(ORDER)
			.patch(shopPath(`/orders/${ORDER_ID}`))
			.reply(function (_uri, body) {
				patches.push(arrived(this.req, body));
				return [200, envelope({ id: ORDER_ID })];
			});
	return patches;
}

describe('Shipment > Create', () => {
	it('ships every accepted position with the provider the store carrier names, in one signed PATCH', async () => {
		mockChannels(1);
		const patches = serveOrder();
		const { items } = await runMiinto(ship({ carrier: 'post nord' }));
		expect(patches).toHaveLength(1);
		expect(JSON.parse(patches[0].body)).toEqual({
			shippedPositions: [
				{ id: 1201, trackAndTrace: TRACKING, shippingProviderId: 3 },
				{ id: 1202, trackAndTrace: TRACKING, shippingProviderId: 3 },
			],
		});
		expect(signatureProblem(patches[0], channel(1))).toBe('');
		expect(items[0].json).toMatchObject({
			orderId: String(ORDER_ID),
			shippingProvider: { id: 3, name: 'PostNord' },
			carrierResolution: { matchedBy: 'code' },
			shipped: ['1201', '1202'],
			alreadyShipped: [],
		});
	});

	it('a Carrier Mapping row, then the Default Shipping Service, pick the provider', async () => {
		mockChannels(1);
		const mapped = serveOrder();
		const viaRow = await runMiinto(
			ship({
				carrier: 'GLS Denmark Express',
				positions: 'listed',
				positionIds: '1202',
				options: {
					carrierMapping: { mapping: [{ storeCarrier: 'GLS Denmark Express', provider: '7' }] },
				},
			}),
		);
		expect(JSON.parse(mapped[0].body)).toEqual({
			shippedPositions: [{ id: 1202, trackAndTrace: TRACKING, shippingProviderId: 7 }],
		});
		expect(viaRow.items[0].json.carrierResolution).toMatchObject({ matchedBy: 'rule' });

		mockChannels(1);
		const fallback = serveOrder();
		const viaDefault = await runMiinto(
			ship({ carrier: 'Bring', options: { defaultShippingService: 'DAO' } }),
		);
		expect(JSON.parse(fallback[0].body).shippedPositions[0].shippingProviderId).toBe(9);
		expect(viaDefault.items[0].json.carrierResolution).toMatchObject({ matchedBy: 'default' });
	});

	it('a carrier Miinto does not allow for the order fails naming the allowed providers, and nothing is shipped', async () => {
		mockChannels(1);
		const patches = serveOrder(order(ORDER_ID), false);
		const error = await runMiinto(ship({ carrier: 'Bring' })).catch((e: Error) => e);
		expect((error as Error).message).toMatch(
			/^Invalid value for "Carrier" \(carrier\): got "Bring"\. Allowed: a Miinto shipping provider for order 550001 \(3, PostNord, 7, GLS, 9, DAO\)/,
		);
		expect(patches).toHaveLength(0);
	});

	it('a listed position that is not an accepted position of the order fails before the PATCH', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath(`/orders/${ORDER_ID}`))
			.reply(200, envelope(order(ORDER_ID)));
		const error = await runMiinto(ship({ positions: 'listed', positionIds: '1201,1299' })).catch(
			(e: Error) => e,
		);
		expect((error as Error).message).toBe(
			'Invalid value for "Position IDs" (positionIds): got "1299". Allowed: an accepted position of order 550001: 1201, 1202.',
		);
	});

	it('positions already shipped with this track & trace are reported, not sent again', async () => {
		mockChannels(1);
		const raw = order(ORDER_ID, {
			acceptedPositions: [
				position(1201, { trackAndTrace: TRACKING, shippingProviderId: 3 }),
				position(1202),
			],
		});
		const patches = serveOrder(raw);
		const { items } = await runMiinto(ship());
		expect(JSON.parse(patches[0].body)).toEqual({
			shippedPositions: [{ id: 1202, trackAndTrace: TRACKING, shippingProviderId: 3 }],
		});
		expect(items[0].json).toMatchObject({ shipped: ['1202'], alreadyShipped: ['1201'] });
	});

	it('the second parcel of a split shipment: All Positions leaves a position shipped with another track & trace alone', async () => {
		mockChannels(1);
		const raw = order(ORDER_ID, {
			acceptedPositions: [
				position(1201, { trackAndTrace: 'FIRSTPARCEL1', shippingProviderId: 3 }),
				position(1202),
			],
		});
		const patches = serveOrder(raw);
		const { items } = await runMiinto(ship());
		expect(JSON.parse(patches[0].body)).toEqual({
			shippedPositions: [{ id: 1202, trackAndTrace: TRACKING, shippingProviderId: 3 }],
		});
		expect(items[0].json).toMatchObject({
			shipped: ['1202'],
			alreadyShipped: [],
			shippedWithOtherTracking: [{ positionId: '1201', trackAndTrace: 'FIRSTPARCEL1' }],
		});
	});

	it('a listed position already shipped with another track & trace is refused before any write', async () => {
		mockChannels(1);
		const raw = order(ORDER_ID, {
			acceptedPositions: [
				position(1201, { trackAndTrace: 'FIRSTPARCEL1', shippingProviderId: 3 }),
				position(1202),
			],
		});
		const patches = serveOrder(raw, false);
		const error = await runMiinto(ship({ positions: 'listed', positionIds: '1201,1202' })).catch(
			(e: Error) => e,
		);
		expect(patches).toHaveLength(0);
		expect((error as Error).message).toBe(
			'Invalid value for "Position IDs" (positionIds): got "1201". Allowed: positions not shipped yet: 1201 was shipped with track & trace FIRSTPARCEL1.',
		);
	});

	it('refuses a track & trace with spaces and an empty position list before any request', async () => {
		for (const [parameters, message] of [
			[{ trackAndTrace: '0037 0726' }, /"Track & Trace" \(trackAndTrace\): got "0037 0726"/],
			[{ positions: 'listed', positionIds: '' }, /"Position IDs" \(positionIds\): got nothing/],
			[
				{ positions: 'some' },
				/"Positions" \(positions\): got "some"\. Allowed: one of all, listed/,
			],
		] as const) {
			const fake = miintoContext(ship(parameters));
			const error = await new Miinto().execute.call(fake.ctx).catch((e: Error) => e);
			expect((error as Error).message).toMatch(message);
			expect(fake.http).toEqual([]);
		}
	});
});
