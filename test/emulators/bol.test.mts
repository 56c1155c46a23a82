/** The bol emulator: token flow, spec validation, state machines, process statuses, rate limits, faults. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
	BOL_DEFAULT_CLIENT_ID,
	BOL_DEFAULT_CLIENT_SECRET,
	bolService,
} from '../../sandbox/emulators/bol/index.mts';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import { admin, call, start, type Json } from './helpers.mts';

const V10 = 'application/vnd.retailer.v10+json';
const V11 = 'application/vnd.retailer.v11+json';
const BASIC = `Basic ${Buffer.from(`${BOL_DEFAULT_CLIENT_ID}:${BOL_DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

let bol: RunningService;
let url: string;
let token: string;

async function newToken(): Promise<string> {
	const res = await call(`${url}/token?grant_type=client_credentials`, {
		method: 'POST',
		headers: { authorization: BASIC, accept: 'application/json' },
	});
	expect(res.status).toBe(200);
	return res.body.access_token as string;
}
const headers = (version = V10, body = false): Record<string, string> => ({
	authorization: `Bearer ${token}`,
	accept: version,
	...(body ? { 'content-type': version } : {}),
});
const get = (path: string, version = V10) => call(`${url}${path}`, { headers: headers(version) });
const send = (method: string, path: string, body: unknown, version = V10) =>
	call(`${url}${path}`, { method, headers: headers(version, true), body: JSON.stringify(body) });
async function advance(seconds: number): Promise<void> {
	await admin(url, 'POST', 'clock', { advanceSeconds: seconds });
	token = await newToken();
}
async function settle(processStatusId: string): Promise<Json> {
	await advance(4);
	const res = await get(`/shared/process-status/${processStatusId}`);
	expect(res.status).toBe(200);
	return res.body as Json;
}
/** Back to an empty marketplace (reset restores the start-up config, so rate limits go off again). */
async function resetEmpty(): Promise<void> {
	await admin(url, 'POST', 'reset', { empty: true });
	await admin(url, 'PATCH', 'config', { rateLimits: false });
	token = await newToken();
}
async function orderWith(items: object[], extra: object = {}): Promise<Json> {
	const orderId = `T${Math.random().toString(36).slice(2, 11).toUpperCase()}`;
	await admin(url, 'POST', 'seed', { orders: [{ orderId, orderItems: items, ...extra }] });
	return (await get(`/retailer/orders/${orderId}`)).body as Json;
}

/** Buys the recommended label for the items (delivery options, purchase, settled); returns the label id. */
async function buyLabel(orderItems: object[]): Promise<string> {
	const options = await send('POST', '/retailer/shipping-labels/delivery-options', { orderItems });
	expect(options.status).toBe(200);
	const offer = (options.body.deliveryOptions as Json[]).find((o) => o.recommended);
	const bought = await send('POST', '/retailer/shipping-labels', {
		orderItems,
		shippingLabelOfferId: offer?.shippingLabelOfferId,
	});
	expect(bought.status).toBe(202);
	const done = await settle(bought.body.processStatusId);
	expect(done).toMatchObject({ status: 'SUCCESS', eventType: 'CREATE_SHIPPING_LABEL' });
	return done.entityId as string;
}

beforeAll(async () => {
	bol = await start(bolService(), { seed: 42 });
	url = bol.url;
});
afterAll(async () => {
	await bol.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset');
	await admin(url, 'PATCH', 'config', { rateLimits: false });
	token = await newToken();
});

describe('token endpoint (login.bol.com)', () => {
	it('issues a Bearer token for client credentials, grant type in the query or the form body', async () => {
		const query = await call(`${url}/token?grant_type=client_credentials`, {
			method: 'POST',
			headers: { authorization: BASIC },
		});
		expect(query.body).toMatchObject({ token_type: 'Bearer', expires_in: 299, scope: 'RETAILER' });
		expect(query.body.access_token.split('.')).toHaveLength(3);
		const form = await call(`${url}/token`, {
			method: 'POST',
			headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials',
		});
		expect(form.status).toBe(200);
	});

	it('rejects bad credentials, credentials outside Basic, and wrong grants the OAuth way', async () => {
		const wrong = `Basic ${Buffer.from(`${BOL_DEFAULT_CLIENT_ID}:nope`).toString('base64')}`;
		expect(
			(
				await call(`${url}/token?grant_type=client_credentials`, {
					method: 'POST',
					headers: { authorization: wrong },
				})
			).body.error,
		).toBe('invalid_client');
		const inBody = await call(`${url}/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `grant_type=client_credentials&client_id=${BOL_DEFAULT_CLIENT_ID}&client_secret=${BOL_DEFAULT_CLIENT_SECRET}`,
		});
		expect([inBody.status, inBody.body.error]).toEqual([401, 'invalid_client']);
		expect(
			(await call(`${url}/token`, { method: 'POST', headers: { authorization: BASIC } })).body
				.error,
		).toBe('invalid_request');
		expect(
			(
				await call(`${url}/token?grant_type=password`, {
					method: 'POST',
					headers: { authorization: BASIC },
				})
			).body.error,
		).toBe('unsupported_grant_type');
	});

	it('tokens expire on the emulated clock: 401 Problem, then a new token works', async () => {
		expect((await get('/retailer/orders')).status).toBe(200);
		const old = token;
		await admin(url, 'POST', 'clock', { advanceSeconds: 300 });
		token = old;
		const expired = await get('/retailer/orders');
		expect(expired.status).toBe(401);
		expect(expired.headers.get('content-type')).toBe(V10);
		expect(expired.headers.get('www-authenticate')).toMatch(/invalid_token/);
		expect(expired.body).toMatchObject({
			type: 'https://api.bol.com/problems',
			status: 401,
			detail: 'Expired JWT.',
		});
		token = await newToken();
		expect((await get('/retailer/orders')).status).toBe(200);
		token = 'not-a-token';
		expect((await get('/retailer/orders')).body.detail).toBe('Invalid JWT.');
		expect((await call(`${url}/retailer/orders`, { headers: { accept: V10 } })).status).toBe(401);
	});

	it('token faults kill the presented token for good', async () => {
		for (const kind of ['token-revoked', 'token-expired']) {
			await admin(url, 'POST', 'faults', { kind, path: '/retailer/orders' });
			expect((await get('/retailer/orders')).status).toBe(401);
			expect((await get('/retailer/orders')).status).toBe(401);
			token = await newToken();
			expect((await get('/retailer/orders')).status).toBe(200);
		}
	});

	it('logs token requests with the Basic credentials redacted', async () => {
		const { body } = await admin(url, 'GET', 'requests?path=/token');
		expect(body.requests.at(-1).headers.authorization).toBe('Basic [REDACTED]');
	});
});

describe('orders', () => {
	it('lists open FBR items by default, 50 per page, and an empty page as {}', async () => {
		await resetEmpty();
		await admin(url, 'POST', 'seed', { orders: 130, seed: 5, withinHours: 6 });
		const all = (await admin(url, 'GET', 'state')).body.state.orders as Json[];
		const openFbr = all.filter((o) =>
			o.orderItems.some(
				(i: Json) =>
					i.fulfilment.method === 'FBR' && i.quantity - i.quantityShipped - i.quantityCancelled > 0,
			),
		);
		const pages: Json[][] = [];
		for (let page = 1; ; page++) {
			const res = await get(`/retailer/orders?page=${page}`);
			expect(res.headers.get('content-type')).toBe(V10);
			if (!res.body.orders) {
				expect(res.body).toEqual({});
				break;
			}
			expect(res.body.orders.length).toBeLessThanOrEqual(50);
			pages.push(res.body.orders);
		}
		expect(pages[0]).toHaveLength(50);
		const listed = pages.flat();
		expect(listed.map((o) => o.orderId).sort()).toEqual(openFbr.map((o) => o.orderId).sort());
		for (const order of listed) {
			for (const item of order.orderItems)
				expect([item.fulfilmentMethod, item.fulfilmentStatus]).toEqual(['FBR', 'OPEN']);
		}
		const everything = await get('/retailer/orders?fulfilment-method=ALL&status=ALL&page=3');
		expect(everything.body.orders.length).toBe(30);
		const fbb = await get('/retailer/orders?fulfilment-method=FBB&status=ALL');
		expect(
			fbb.body.orders.every((o: Json) =>
				o.orderItems.every((i: Json) => i.fulfilmentMethod === 'FBB'),
			),
		).toBe(true);
	});

	it('filters on recent changes, change date and VVB', async () => {
		await resetEmpty();
		await admin(url, 'POST', 'seed', { orders: 20, seed: 8, withinHours: 48 });
		await advance(3600);
		const fresh = await orderWith([{ ean: '8712345678906', quantity: 2 }]);
		const recent = await get(
			'/retailer/orders?change-interval-minute=5&fulfilment-method=ALL&status=ALL',
		);
		expect(recent.body.orders.map((o: Json) => o.orderId)).toEqual([fresh.orderId]);
		const today = fresh.orderItems[0].latestChangedDateTime.slice(0, 10);
		const byDate = await get(
			`/retailer/orders?latest-change-date=${today}&status=ALL&fulfilment-method=ALL`,
		);
		expect(byDate.body.orders.map((o: Json) => o.orderId)).toContain(fresh.orderId);
		const bad = await get('/retailer/orders?latest-change-date=13-11-2026');
		expect(bad.status).toBe(400);
		expect(bad.body.violations[0].name).toBe('latest-change-date');
		const old = await get('/retailer/orders?latest-change-date=2020-01-01');
		expect(old.status).toBe(400);
		const vvb = await orderWith([{ ean: '8712345678906', distributionParty: 'BOL' }]);
		const vvbOnly = (await get('/retailer/orders?vvb-only=true')).body.orders.map(
			(o: Json) => o.orderId,
		) as string[];
		expect(vvbOnly).toContain(vvb.orderId);
		const held = (await admin(url, 'GET', 'state')).body.state.orders as Json[];
		for (const id of vvbOnly)
			expect(
				held
					.find((o) => o.orderId === id)
					?.orderItems.some((i: Json) => i.fulfilment.distributionParty === 'BOL'),
			).toBe(true);
		expect(vvbOnly.length).toBeLessThan(held.length);
	});

	it('returns the full order, or a 404 Problem', async () => {
		const listed = (await get('/retailer/orders')).body.orders[0];
		const order = await get(`/retailer/orders/${listed.orderId}`);
		expect(order.status).toBe(200);
		expect(order.body.orderItems[0]).toHaveProperty('product.ean');
		expect(order.body.shipmentDetails).toHaveProperty('zipCode');
		const missing = await get('/retailer/orders/A000000000');
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ status: 404, title: 'Not Found', violations: [] });
	});
});

describe('request validation against the official spec', () => {
	it('rejects what bol rejects, naming the field', async () => {
		const enumBad = await get('/retailer/orders?status=FOO');
		expect(enumBad.status).toBe(400);
		expect(enumBad.body.violations).toEqual([
			{
				name: 'status',
				reason: "Request contains invalid value(s): 'FOO', allowed values: OPEN, SHIPPED, ALL.",
			},
		]);
		expect((await get('/retailer/orders?page=0')).body.violations[0].name).toBe('page');
		expect((await get('/retailer/orders?change-interval-minute=61')).body.violations[0]).toEqual({
			name: 'change-interval-minute',
			reason: 'must be less than or equal to 60',
		});

		const two = await send('PUT', '/retailer/orders/cancellation', {
			orderItems: [
				{ orderItemId: '1', reasonCode: 'OTHER' },
				{ orderItemId: '2', reasonCode: 'OTHER' },
			],
		});
		expect(two.status).toBe(400);
		expect(two.body.violations.map((v: Json) => v.name)).toEqual(['orderItems']);
		const noReason = await send('PUT', '/retailer/orders/cancellation', {
			orderItems: [{ orderItemId: '1' }],
		});
		expect(noReason.body.violations).toEqual([
			{ name: 'orderItems[0].reasonCode', reason: 'must not be null' },
		]);
		const badReason = await send('PUT', '/retailer/orders/cancellation', {
			orderItems: [{ orderItemId: '1', reasonCode: 'BORED' }],
		});
		expect(badReason.body.violations[0].name).toBe('orderItems[0].reasonCode');

		const noItems = await send('POST', '/retailer/shipments', { transport: {} });
		expect(noItems.body.violations.map((v: Json) => v.name).sort()).toEqual([
			'orderItems',
			'transport.transporterCode',
		]);
		const tooMany = await send('POST', '/retailer/shipments', {
			orderItems: Array.from({ length: 101 }, (_, i) => ({ orderItemId: String(i) })),
		});
		expect(tooMany.body.violations[0]).toEqual({
			name: 'orderItems',
			reason: 'size must be at most 100',
		});
		const bulk = await send('POST', '/shared/process-status', {
			processStatusQueries: Array.from({ length: 1001 }, (_, i) => ({
				processStatusId: String(i),
			})),
		});
		expect(bulk.body.violations[0].name).toBe('processStatusQueries');
		expect(
			(
				await send('PUT', '/retailer/returns/abc', {
					handlingResult: 'RETURN_RECEIVED',
					quantityReturned: 1,
				})
			).body.violations[0].name,
		).toBe('rma-id');
	});

	it('checks the media types exactly (406 / 415), unlike Prism', async () => {
		const jsonAccept = await call(`${url}/retailer/orders`, {
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
		});
		expect(jsonAccept.status).toBe(406);
		expect(jsonAccept.headers.get('content-type')).toBe(V10);
		expect(
			(
				await call(`${url}/retailer/orders`, {
					headers: { authorization: `Bearer ${token}`, accept: '*/*' },
				})
			).status,
		).toBe(406);
		expect(
			(await call(`${url}/retailer/orders`, { headers: { authorization: `Bearer ${token}` } }))
				.status,
		).toBe(406);
		expect((await get('/retailer/orders', 'application/vnd.retailer.v9+json')).status).toBe(406);
		expect((await get('/retailer/offers', V10)).status).toBe(406);
		const jsonBody = await call(`${url}/retailer/orders/cancellation`, {
			method: 'PUT',
			headers: { ...headers(), 'content-type': 'application/json' },
			body: JSON.stringify({ orderItems: [{ orderItemId: '1', reasonCode: 'OTHER' }] }),
		});
		expect(jsonBody.status).toBe(415);
		const v11Body = await call(`${url}/retailer/orders/cancellation`, {
			method: 'PUT',
			headers: { ...headers(), 'content-type': V11 },
			body: JSON.stringify({ orderItems: [{ orderItemId: '1', reasonCode: 'OTHER' }] }),
		});
		expect(v11Body.status).toBe(415);
		const createReturn = {
			orderItemId: '1',
			quantityReturned: 1,
			handlingResult: 'RETURN_RECEIVED',
		};
		for (const type of ['application/json', V10]) {
			const res = await call(`${url}/retailer/returns`, {
				method: 'POST',
				headers: { ...headers(), 'content-type': type },
				body: JSON.stringify(createReturn),
			});
			expect(res.status).toBe(202);
		}
		const malformed = await call(`${url}/retailer/shipments`, {
			method: 'POST',
			headers: headers(V10, true),
			body: '{"orderItems": [',
		});
		expect([malformed.status, malformed.body.violations[0].name]).toEqual([400, 'body']);
	});

	it('matches query parameter names case-sensitively (unknown names are ignored, not coerced)', async () => {
		expect((await get('/retailer/orders?Status=FOO')).status).toBe(200);
	});

	it('answers 501 for spec operations it does not emulate and 404 outside the spec', async () => {
		expect((await get('/retailer/invoices')).status).toBe(501);
		expect((await get('/retailer/nothing-here')).status).toBe(404);
	});
});

describe('shipments and cancellations through process statuses', () => {
	it('ships an open item: PENDING until the delay passes, then SUCCESS and the order reflects it', async () => {
		const order = await orderWith([{ ean: '8712345678906', quantity: 3 }]);
		const item = order.orderItems[0];
		const res = await send('POST', '/retailer/shipments', {
			orderItems: [{ orderItemId: item.orderItemId, quantity: 2 }],
			shipmentReference: 'PB-1',
			transport: { transporterCode: 'TNT', trackAndTrace: '3SABC123' },
		});
		expect(res.status).toBe(202);
		expect(res.body).toMatchObject({
			eventType: 'CREATE_SHIPMENT',
			status: 'PENDING',
			entityId: item.orderItemId,
		});
		expect((await get(`/shared/process-status/${res.body.processStatusId}`)).body.status).toBe(
			'PENDING',
		);
		expect((await settle(res.body.processStatusId)).status).toBe('SUCCESS');
		let after = (await get(`/retailer/orders/${order.orderId}`)).body;
		expect(after.orderItems[0]).toMatchObject({ quantityShipped: 2, quantityCancelled: 0 });
		const reduced = (await get('/retailer/orders')).body.orders.find(
			(o: Json) => o.orderId === order.orderId,
		);
		expect(reduced.orderItems[0].fulfilmentStatus).toBe('OPEN');
		const shipments = (await get(`/retailer/shipments?order-id=${order.orderId}`)).body.shipments;
		expect(shipments).toHaveLength(1);
		const shipment = (await get(`/retailer/shipments/${shipments[0].shipmentId}`)).body;
		expect(shipment.transport).toMatchObject({ transporterCode: 'TNT', trackAndTrace: '3SABC123' });
		expect(shipment.shipmentReference).toBe('PB-1');

		const rest = await send('POST', '/retailer/shipments', {
			orderItems: [{ orderItemId: item.orderItemId }],
		});
		expect((await settle(rest.body.processStatusId)).status).toBe('SUCCESS');
		after = (await get(`/retailer/orders/${order.orderId}`)).body;
		expect(after.orderItems[0].quantityShipped).toBe(3);
		const again = await send('POST', '/retailer/shipments', {
			orderItems: [{ orderItemId: item.orderItemId }],
		});
		expect(await settle(again.body.processStatusId)).toMatchObject({
			status: 'FAILURE',
			errorMessage: `Order item ${item.orderItemId} has already been shipped.`,
		});
		expect(
			(await get('/retailer/orders')).body.orders?.some((o: Json) => o.orderId === order.orderId) ??
				false,
		).toBe(false);
		expect(
			(await get('/retailer/orders?status=SHIPPED')).body.orders.some(
				(o: Json) => o.orderId === order.orderId,
			),
		).toBe(true);

		const transportId = shipment.transport.transportId;
		const change = await send('PUT', `/retailer/transports/${transportId}`, {
			transporterCode: 'DHL',
			trackAndTrace: 'JVGL0001',
		});
		expect((await settle(change.body.processStatusId)).status).toBe('SUCCESS');
		expect((await get(`/retailer/shipments/${shipment.shipmentId}`)).body.transport).toMatchObject({
			transporterCode: 'DHL',
			trackAndTrace: 'JVGL0001',
		});
	});

	it('fails illegal shipments in the process status, with a reason', async () => {
		const fbb = await orderWith([{ ean: '8712345678906', fulfilmentMethod: 'FBB' }]);
		const vvb = await orderWith([{ ean: '8712345678906', distributionParty: 'BOL' }]);
		const a = await orderWith([{ ean: '8712345678906' }]);
		const b = await orderWith([{ ean: '8712345678906' }]);
		const cases: Array<[object, RegExp]> = [
			[{ orderItems: [{ orderItemId: '9999999999' }] }, /does not exist/],
			[{ orderItems: [{ orderItemId: fbb.orderItems[0].orderItemId }] }, /FBB/],
			[
				{
					orderItems: [{ orderItemId: vvb.orderItems[0].orderItemId }],
					transport: { transporterCode: 'TNT' },
				},
				/shippingLabelId is required/,
			],
			[
				{ orderItems: [{ orderItemId: a.orderItems[0].orderItemId, quantity: 5 }] },
				/exceeds the open quantity/,
			],
			[
				{
					orderItems: [
						{ orderItemId: a.orderItems[0].orderItemId },
						{ orderItemId: b.orderItems[0].orderItemId },
					],
				},
				/same order/,
			],
		];
		const ids: string[] = [];
		for (const [body] of cases)
			ids.push((await send('POST', '/retailer/shipments', body)).body.processStatusId);
		await advance(4);
		const bulk = await send('POST', '/shared/process-status', {
			processStatusQueries: [...ids, 'unknown'].map((processStatusId) => ({ processStatusId })),
		});
		expect(bulk.body.processStatuses).toHaveLength(cases.length);
		bulk.body.processStatuses.forEach((ps: Json, i: number) => {
			expect(ps.status).toBe('FAILURE');
			expect(ps.errorMessage).toMatch(cases[i]?.[1] as RegExp);
		});
		// a VVB item ships with a label bought from bol (a made-up label id fails: see the shipping labels below)
		const labelId = await buyLabel([{ orderItemId: vvb.orderItems[0].orderItemId }]);
		const labelled = await send('POST', '/retailer/shipments', {
			orderItems: [{ orderItemId: vvb.orderItems[0].orderItemId }],
			shippingLabelId: labelId,
		});
		expect((await settle(labelled.body.processStatusId)).status).toBe('SUCCESS');
	});

	it('cancels open items (also on a customer request) and fails cancelling shipped ones', async () => {
		const order = await orderWith([
			{ ean: '8712345678906', quantity: 2, cancellationRequest: true },
			{ ean: '8712345678913' },
		]);
		const [first, second] = order.orderItems;
		expect(first.cancellationRequest).toBe(true);
		const cancel = await send('PUT', '/retailer/orders/cancellation', {
			orderItems: [{ orderItemId: first.orderItemId, reasonCode: 'REQUESTED_BY_CUSTOMER' }],
		});
		expect(cancel.body).toMatchObject({ eventType: 'CANCEL_ORDER', status: 'PENDING' });
		expect((await settle(cancel.body.processStatusId)).status).toBe('SUCCESS');
		expect(
			(await get(`/retailer/orders/${order.orderId}`)).body.orderItems[0].quantityCancelled,
		).toBe(2);

		const ship = await send('POST', '/retailer/shipments', {
			orderItems: [{ orderItemId: second.orderItemId }],
		});
		await settle(ship.body.processStatusId);
		const late = await send('PUT', '/retailer/orders/cancellation', {
			orderItems: [{ orderItemId: second.orderItemId, reasonCode: 'OUT_OF_STOCK' }],
		});
		expect(await settle(late.body.processStatusId)).toMatchObject({
			status: 'FAILURE',
			errorMessage: expect.stringMatching(/already been shipped/),
		});
		const twice = await send('PUT', '/retailer/orders/cancellation', {
			orderItems: [{ orderItemId: first.orderItemId, reasonCode: 'OUT_OF_STOCK' }],
		});
		expect((await settle(twice.body.processStatusId)).errorMessage).toMatch(
			/already been cancelled/,
		);

		const byEntity = await get(
			`/shared/process-status?entity-id=${first.orderItemId}&event-type=CANCEL_ORDER`,
		);
		expect(byEntity.body.processStatuses.map((ps: Json) => ps.status).sort()).toEqual([
			'FAILURE',
			'SUCCESS',
		]);
		expect((await get('/shared/process-status/0')).status).toBe(404);
		expect((await get('/shared/process-status?entity-id=1')).body.violations[0].name).toBe(
			'event-type',
		);
	});

	it('the process delay is configurable and runs on the emulated clock', async () => {
		await admin(url, 'PATCH', 'config', { processDelaySeconds: 60 });
		const order = await orderWith([{ ean: '8712345678906' }]);
		const ps = await send('POST', '/retailer/shipments', {
			orderItems: [{ orderItemId: order.orderItems[0].orderItemId }],
		});
		await advance(30);
		expect((await get(`/shared/process-status/${ps.body.processStatusId}`)).body.status).toBe(
			'PENDING',
		);
		await advance(31);
		expect((await get(`/shared/process-status/${ps.body.processStatusId}`)).body.status).toBe(
			'SUCCESS',
		);
	});

	it('bol ships FBB items itself after the configured time', async () => {
		const order = await orderWith([{ ean: '8712345678906', fulfilmentMethod: 'FBB', quantity: 2 }]);
		await advance(19 * 3600);
		expect(
			(await get(`/retailer/orders/${order.orderId}`)).body.orderItems[0].quantityShipped,
		).toBe(0);
		await advance(3600);
		expect(
			(await get(`/retailer/orders/${order.orderId}`)).body.orderItems[0].quantityShipped,
		).toBe(2);
	});
});

describe('shipping labels (VVB)', () => {
	it('offers three labels for one unit and two for more, with stable ids, and refuses items bol would not label', async () => {
		// 13:00 in Amsterdam: offers are valid through the next emulated day
		await admin(url, 'POST', 'clock', { set: '2026-12-05T12:00:00Z' });
		token = await newToken();
		const one = await orderWith([{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' }]);
		const two = await orderWith([{ ean: '8712345678906', quantity: 2, distributionParty: 'BOL' }]);
		const fbb = await orderWith([{ ean: '8712345678906', fulfilmentMethod: 'FBB' }]);
		const ask = (orderItems: object[]) =>
			send('POST', '/retailer/shipping-labels/delivery-options', { orderItems });
		const single = await ask([{ orderItemId: one.orderItems[0].orderItemId }]);
		expect(single.status).toBe(200);
		expect(
			(single.body.deliveryOptions as Json[]).map((o) => [
				o.transporterCode,
				o.labelType,
				o.recommended,
			]),
		).toEqual([
			['TNT', 'PARCEL', true],
			['DHL', 'PARCEL', false],
			['TNT', 'MAILBOX', false],
		]);
		expect(single.body.deliveryOptions[0]).toMatchObject({
			validUntilDate: '2026-12-06',
			labelPrice: { totalPrice: 4.95 },
			handoverDetails: { meetsCustomerExpectation: true, collectionMethod: 'DROP_OFF' },
		});
		const again = await ask([{ orderItemId: one.orderItems[0].orderItemId }]);
		expect(again.body).toEqual(single.body);
		expect(
			(await ask([{ orderItemId: two.orderItems[0].orderItemId }])).body.deliveryOptions,
		).toHaveLength(2);
		for (const [orderItems, reason] of [
			[[{ orderItemId: fbb.orderItems[0].orderItemId }], /FBB/],
			[[{ orderItemId: '9999999999' }], /does not exist/],
			[[{ orderItemId: two.orderItems[0].orderItemId, quantity: 3 }], /exceeds the open quantity/],
			[
				[
					{ orderItemId: one.orderItems[0].orderItemId },
					{ orderItemId: two.orderItems[0].orderItemId },
				],
				/same order/,
			],
		] as Array<[object[], RegExp]>) {
			const refused = await ask(orderItems);
			expect(refused.status).toBe(400);
			expect(refused.body.violations[0]).toMatchObject({ name: 'orderItems', reason });
		}
	});

	it('sells a label through a process status that ends naming the label, found by its order item before and after', async () => {
		const order = await orderWith([
			{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' },
		]);
		const itemId = order.orderItems[0].orderItemId as string;
		const options = await send('POST', '/retailer/shipping-labels/delivery-options', {
			orderItems: [{ orderItemId: itemId }],
		});
		const dhl = (options.body.deliveryOptions as Json[]).find((o) => o.transporterCode === 'DHL');
		const bought = await send('POST', '/retailer/shipping-labels', {
			orderItems: [{ orderItemId: itemId }],
			shippingLabelOfferId: dhl?.shippingLabelOfferId,
		});
		expect(bought.body).toMatchObject({
			status: 'PENDING',
			eventType: 'CREATE_SHIPPING_LABEL',
			entityId: itemId,
		});
		const lookup = () =>
			get(`/shared/process-status?entity-id=${itemId}&event-type=CREATE_SHIPPING_LABEL`);
		expect((await lookup()).body.processStatuses).toEqual([
			expect.objectContaining({ processStatusId: bought.body.processStatusId, status: 'PENDING' }),
		]);
		const done = await settle(bought.body.processStatusId);
		expect(done.status).toBe('SUCCESS');
		expect(done.entityId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
		expect((await lookup()).body.processStatuses).toEqual([
			expect.objectContaining({ status: 'SUCCESS', entityId: done.entityId }),
		]);
		const state = (await admin(url, 'GET', 'state')).body.state as Json;
		expect(state.labels).toEqual([
			expect.objectContaining({
				shippingLabelId: done.entityId,
				orderId: order.orderId,
				transporterCode: 'DHL',
				price: 4.6,
				usedByShipmentId: null,
			}),
		]);
		expect(state.labels[0].trackAndTrace).toMatch(/^JVGL\d{16}$/);

		const pdf = await fetch(`${url}/retailer/shipping-labels/${done.entityId}`, {
			headers: headers('application/vnd.retailer.v10+pdf'),
		});
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toContain('application/vnd.retailer.v10+pdf');
		expect(pdf.headers.get('x-transporter-code')).toBe('DHL');
		expect(pdf.headers.get('x-track-and-trace-code')).toBe(state.labels[0].trackAndTrace);
		expect(
			Buffer.from(await pdf.arrayBuffer())
				.subarray(0, 5)
				.toString(),
		).toBe('%PDF-');
		const unknown = await fetch(`${url}/retailer/shipping-labels/not-a-label`, {
			headers: headers('application/vnd.retailer.v10+pdf'),
		});
		expect(unknown.status).toBe(404);
	});

	it('fails a purchase with an unknown offer or an offer for other items, and a shipment with a label it cannot use', async () => {
		const order = await orderWith([
			{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' },
			{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' },
		]);
		const [first, second] = (order.orderItems as Json[]).map((item) => item.orderItemId as string);
		const other = await orderWith([
			{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' },
		]);
		const forFirst = await send('POST', '/retailer/shipping-labels/delivery-options', {
			orderItems: [{ orderItemId: first }],
		});
		const purchases: Array<[object, RegExp]> = [
			[
				{
					orderItems: [{ orderItemId: first }],
					shippingLabelOfferId: '00000000-0000-4000-8000-000000000000',
				},
				/does not exist/,
			],
			[
				{
					orderItems: [{ orderItemId: second }],
					shippingLabelOfferId: forFirst.body.deliveryOptions[0].shippingLabelOfferId,
				},
				/made for other order items/,
			],
		];
		for (const [body, reason] of purchases) {
			const sent = await send('POST', '/retailer/shipping-labels', body);
			const done = await settle(sent.body.processStatusId);
			expect(done).toMatchObject({ status: 'FAILURE' });
			expect(done.errorMessage).toMatch(reason);
		}
		// an offer is refused once its day has passed: two emulated days later
		await advance(2 * 86_400);
		const late = await send('POST', '/retailer/shipping-labels', {
			orderItems: [{ orderItemId: first }],
			shippingLabelOfferId: forFirst.body.deliveryOptions[0].shippingLabelOfferId,
		});
		expect((await settle(late.body.processStatusId)).errorMessage).toMatch(/has expired/);
		const labelId = await buyLabel([{ orderItemId: first }]);
		const ship = async (orderItems: object[]) => {
			const sent = await send('POST', '/retailer/shipments', {
				orderItems,
				shippingLabelId: labelId,
			});
			return await settle(sent.body.processStatusId);
		};
		expect((await ship([{ orderItemId: other.orderItems[0].orderItemId }])).errorMessage).toMatch(
			/belongs to order/,
		);
		expect((await ship([{ orderItemId: second }])).errorMessage).toMatch(/is not for order item/);
		expect(
			(
				await send('POST', '/retailer/shipments', {
					orderItems: [{ orderItemId: first }],
					shippingLabelId: 'd4c50077-0c19-435f-9bee-1b30b9f4ba1a',
				}).then((sent) => settle(sent.body.processStatusId))
			).errorMessage,
		).toMatch(/does not exist/);
		expect((await ship([{ orderItemId: first }])).status).toBe('SUCCESS');
		const shipment = ((await admin(url, 'GET', 'state')).body.state as Json).shipments.find(
			(s: Json) => s.order.orderId === order.orderId,
		);
		const label = ((await admin(url, 'GET', 'state')).body.state as Json).labels.find(
			(l: Json) => l.shippingLabelId === labelId,
		);
		expect(shipment.transport).toMatchObject({
			transporterCode: label.transporterCode,
			trackAndTrace: label.trackAndTrace,
		});
		expect(label.usedByShipmentId).toBeTruthy();
		// a label ships once: a label for both items of an order, used by a shipment of the first, is refused for the second
		const both = await orderWith([
			{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' },
			{ ean: '8712345678906', quantity: 1, distributionParty: 'BOL' },
		]);
		const [a, b] = (both.orderItems as Json[]).map((item) => ({ orderItemId: item.orderItemId }));
		const shared = await buyLabel([a, b]);
		const shipWith = async (item: object) => {
			const sent = await send('POST', '/retailer/shipments', {
				orderItems: [item],
				shippingLabelId: shared,
			});
			return await settle(sent.body.processStatusId);
		};
		expect((await shipWith(a)).status).toBe('SUCCESS');
		expect((await shipWith(b)).errorMessage).toMatch(/was already used for shipment/);
	});
});

describe('returns', () => {
	it('lists, handles once, and fails a second handling', async () => {
		await resetEmpty();
		const order = await orderWith([{ ean: '8712345678906', quantity: 2, quantityShipped: 2 }]);
		await admin(url, 'POST', 'seed', {
			returns: [{ orderItemId: order.orderItems[0].orderItemId, quantity: 1 }],
		});
		const listed = (await get('/retailer/returns?handled=false')).body.returns;
		expect(listed).toHaveLength(1);
		const full = (await get(`/retailer/returns/${listed[0].returnId}`)).body;
		expect(full.returnItems[0]).toMatchObject({
			orderId: order.orderId,
			expectedQuantity: 1,
			handled: false,
		});
		const rmaId = full.returnItems[0].rmaId;
		const handle = await send('PUT', `/retailer/returns/${rmaId}`, {
			handlingResult: 'RETURN_RECEIVED',
			quantityReturned: 1,
		});
		expect(handle.body).toMatchObject({ eventType: 'HANDLE_RETURN_ITEM', entityId: rmaId });
		expect((await settle(handle.body.processStatusId)).status).toBe('SUCCESS');
		const handled = (await get(`/retailer/returns/${listed[0].returnId}`)).body.returnItems[0];
		expect(handled.handled).toBe(true);
		expect(handled.processingResults[0]).toMatchObject({
			quantity: 1,
			processingResult: 'ACCEPTED',
			handlingResult: 'RETURN_RECEIVED',
		});
		expect((await get('/retailer/returns?handled=false')).body).toEqual({});
		const again = await send('PUT', `/retailer/returns/${rmaId}`, {
			handlingResult: 'EXCHANGE_PRODUCT',
			quantityReturned: 1,
		});
		expect((await settle(again.body.processStatusId)).errorMessage).toMatch(/already been handled/);
		expect((await get('/retailer/returns/123')).status).toBe(404);
	});

	it('creates a return for a shipped item; the new return id ends up in entityId', async () => {
		const shipped = await orderWith([{ ean: '8712345678906', quantity: 3, quantityShipped: 3 }]);
		const open = await orderWith([{ ean: '8712345678906' }]);
		const created = await send('POST', '/retailer/returns', {
			orderItemId: shipped.orderItems[0].orderItemId,
			quantityReturned: 2,
			handlingResult: 'RETURN_RECEIVED',
		});
		expect(created.body).toMatchObject({
			eventType: 'CREATE_RETURN_ITEM',
			entityId: shipped.orderItems[0].orderItemId,
		});
		const done = await settle(created.body.processStatusId);
		expect(done.status).toBe('SUCCESS');
		const ret = (await get(`/retailer/returns/${done.entityId}`)).body;
		expect(ret.returnItems[0]).toMatchObject({
			orderId: shipped.orderId,
			expectedQuantity: 2,
			handled: true,
		});
		const tooMany = await send('POST', '/retailer/returns', {
			orderItemId: shipped.orderItems[0].orderItemId,
			quantityReturned: 2,
			handlingResult: 'RETURN_RECEIVED',
		});
		expect((await settle(tooMany.body.processStatusId)).errorMessage).toMatch(
			/returnable quantity 1/,
		);
		const unshipped = await send('POST', '/retailer/returns', {
			orderItemId: open.orderItems[0].orderItemId,
			quantityReturned: 1,
			handlingResult: 'RETURN_RECEIVED',
		});
		expect((await settle(unshipped.body.processStatusId)).status).toBe('FAILURE');
	});
});

describe('offers (Offers API v11, v10 stock)', () => {
	it('keeps every offer of consecutive seed calls (no id collisions)', async () => {
		await resetEmpty();
		const batch = (from: number) =>
			Array.from({ length: 30 }, (_, i) => ({
				ean: `87100000${String(from + i).padStart(4, '0')}`,
				reference: `R${from + i}`,
			}));
		await admin(url, 'POST', 'seed', { offers: batch(0) });
		await admin(url, 'POST', 'seed', { offers: batch(30) });
		const offers = (await admin(url, 'GET', 'state')).body.state.offers as Json[];
		expect(offers).toHaveLength(60);
		expect(new Set(offers.map((o) => o.offerId)).size).toBe(60);
	});

	it('pages with a cursor and filters by ean, reference and offer id', async () => {
		const first = await get('/retailer/offers?page-size=25', V11);
		expect(first.headers.get('content-type')).toBe(V11);
		const all: Json[] = [...first.body.offers];
		let cursor = first.body.page.nextCursor as string | null;
		while (cursor) {
			const next = await get(`/retailer/offers?page-size=25&cursor=${cursor}`, V11);
			all.push(...next.body.offers);
			cursor = next.body.page.nextCursor;
		}
		const state = (await admin(url, 'GET', 'state')).body.state.offers as Json[];
		expect(all.map((o) => o.offerId)).toEqual(state.map((o) => o.offerId));
		const [a, b] = state;
		expect(
			(await get(`/retailer/offers?eans=${a?.ean}&eans=${b?.ean}`, V11)).body.offers,
		).toHaveLength(2);
		expect((await get(`/retailer/offers?eans=${a?.ean},${b?.ean}`, V11)).body.offers).toHaveLength(
			2,
		);
		expect(
			(await get(`/retailer/offers?reference=${a?.reference}`, V11)).body.offers.map(
				(o: Json) => o.offerId,
			),
		).toEqual([a?.offerId]);
		expect((await get(`/retailer/offers?offer-ids=${b?.offerId}`, V11)).body.offers[0].ean).toBe(
			b?.ean,
		);
		expect((await get('/retailer/offers?offer-ids=not-a-uuid', V11)).body.violations[0].name).toBe(
			'offer-ids[0]',
		);
		expect((await get('/retailer/offers?cursor=%%%', V11)).body.violations[0].name).toBe('cursor');
		expect((await get('/retailer/offers?page-size=101', V11)).body.violations[0].name).toBe(
			'page-size',
		);
	});

	it('updates stock synchronously (204), keeps 0..999, and corrects stock for open orders', async () => {
		const offer = (await get('/retailer/offers?page-size=25', V11)).body.offers.find(
			(o: Json) => o.fulfilment.method === 'FBR',
		);
		const patched = await send(
			'PATCH',
			`/retailer/offers/${offer.offerId}`,
			{ stock: { amount: 40, managedByRetailer: false } },
			V11,
		);
		expect([patched.status, patched.text]).toEqual([204, '']);
		const before = (await get(`/retailer/offers/${offer.offerId}`, V11)).body.stock;
		await orderWith([{ offerId: offer.offerId, quantity: 3 }]);
		const after = (await get(`/retailer/offers/${offer.offerId}`, V11)).body.stock;
		expect(after).toMatchObject({ amount: 40, managedByRetailer: false });
		expect(before.correctedStock - after.correctedStock).toBe(3);
		const over = await send(
			'PATCH',
			`/retailer/offers/${offer.offerId}`,
			{ stock: { amount: 1000, managedByRetailer: false } },
			V11,
		);
		expect(over.body.violations).toEqual([
			{ name: 'stock.amount', reason: 'must be less than or equal to 999' },
		]);
		const text = await send(
			'PATCH',
			`/retailer/offers/${offer.offerId}`,
			{ stock: { amount: 'x' } },
			V11,
		);
		expect(text.body.violations[0].name).toBe('stock.amount');
		expect(
			(await send('PATCH', `/retailer/offers/${offer.offerId}`, { stock: { amount: 1 } }, V10))
				.status,
		).toBe(406);
		expect((await get('/retailer/offers/6ff736b5-cdd0-4150-8c67-78269ee986f5', V11)).status).toBe(
			404,
		);
		expect((await get('/retailer/offers/abc', V11)).body.violations[0].name).toBe('offer-id');
	});

	it('serves the deprecated v10 offer and its asynchronous stock update by Accept version', async () => {
		const offer = (await get('/retailer/offers?page-size=25', V11)).body.offers[0];
		const v10 = await get(`/retailer/offers/${offer.offerId}`, V10);
		expect(v10.headers.get('content-type')).toBe(V10);
		expect(v10.body).toHaveProperty('store.visible');
		const update = await send('PUT', `/retailer/offers/${offer.offerId}/stock`, {
			amount: 7,
			managedByRetailer: true,
		});
		expect(update.body).toMatchObject({ eventType: 'UPDATE_OFFER_STOCK', status: 'PENDING' });
		await settle(update.body.processStatusId);
		expect((await get(`/retailer/offers/${offer.offerId}`, V11)).body.stock).toMatchObject({
			amount: 7,
			managedByRetailer: true,
		});
		expect(
			(
				await send('PUT', `/retailer/offers/${offer.offerId}/stock`, {
					amount: 1000,
					managedByRetailer: true,
				})
			).body.violations[0].name,
		).toBe('amount');
	});
});

describe('rate limits and faults', () => {
	it('429 with bol headers when the window is used up, and the budget returns after the reset', async () => {
		await admin(url, 'PATCH', 'config', { rateLimits: true });
		const remaining: string[] = [];
		for (let i = 0; i < 7; i++) {
			const res = await get('/retailer/orders');
			expect(res.status).toBe(200);
			expect(res.headers.get('x-ratelimit-limit')).toBe('7');
			remaining.push(res.headers.get('x-ratelimit-remaining') as string);
		}
		expect(remaining).toEqual(['6', '5', '4', '3', '2', '1', '0']);
		const limited = await get('/retailer/orders');
		expect(limited.status).toBe(429);
		expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(170);
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect((await get(`/retailer/orders/${'A000000000'}`)).headers.get('x-ratelimit-limit')).toBe(
			'8',
		);
		await advance(180);
		expect((await get('/retailer/orders')).status).toBe(200);
	});

	it('reports reset and Retry-After in real seconds when time is scaled', async () => {
		const scaled = await start(bolService(), { seed: 1, timeScale: 60 });
		const res = await call(`${scaled.url}/token?grant_type=client_credentials`, {
			method: 'POST',
			headers: { authorization: BASIC },
		});
		const h = { authorization: `Bearer ${res.body.access_token}`, accept: V10 };
		const first = await call(`${scaled.url}/retailer/orders`, { headers: h });
		expect(Number(first.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(3);
		await scaled.stop();
	});

	it('fault kinds in bol words: 5xx Problem, 429 storm with headers, malformed body, dropped connection', async () => {
		await admin(url, 'POST', 'faults', {
			faults: [
				{ kind: 'server-error', status: 503, path: '/retailer/orders', count: 1 },
				{ kind: 'rate-limit', path: '/retailer/orders', retryAfterSeconds: 3 },
			],
		});
		const down = await get('/retailer/orders');
		expect([down.status, down.body.status, down.headers.get('content-type')]).toEqual([
			503,
			503,
			V10,
		]);
		const storm = await get('/retailer/orders');
		expect([
			storm.status,
			storm.headers.get('retry-after'),
			storm.headers.get('x-ratelimit-remaining'),
		]).toEqual([429, '3', '0']);
		await admin(url, 'POST', 'faults', { kind: 'malformed-json', path: '/retailer/orders' });
		const broken = await get('/retailer/orders');
		expect(broken.status).toBe(200);
		expect(broken.body).toBeUndefined();
		await admin(url, 'POST', 'faults', { kind: 'drop', path: '/shared/**' });
		await expect(fetch(`${url}/shared/process-status/1`, { headers: headers() })).rejects.toThrow();
		expect((await get('/retailer/orders')).status).toBe(200);
	});
});
