/**
 * The Miinto emulator: channels, MNT-HMAC-SHA256 signature checks (the signatures here are computed by this test with
 * Node's crypto, from Miinto's published algorithm, not with the emulator's or the node's code), transfers and their
 * accept/decline state machine, orders with offset/limit paging, shipping providers and shipping, labels, stock, RMAs
 * and RMA requests, the success/failure envelope, request validation against docs/miinto-openapi.derived.yaml, the
 * assumed rate limit and the admin API. Responses are self-checked against the yaml (`start` turns that on).
 */
import { createHash, createHmac } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	MIINTO_DEFAULT_PASSWORD,
	MIINTO_DEFAULT_USERNAME,
	MIINTO_SHOP_DK,
	MIINTO_SHOP_SE,
	miintoService,
} from '../../sandbox/emulators/miinto/index.mts';
import { MiintoContract } from '../../sandbox/emulators/miinto/spec.mts';
import { emulatorCredentials } from '../../sandbox/n8n/emulator-credentials.mts';
import { admin, call, start, type Call, type Json } from './helpers.mts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface Channel {
	id: string;
	token: string;
}

interface SignOptions {
	/** Sign these bytes but send `body`. */
	signedBody?: string;
	/** Sign this query but send the URL's. */
	signedQuery?: string;
	/** Sign this path but send the URL's. */
	signedPath?: string;
	timestamp?: number;
	token?: string;
	omit?: string;
	contentType?: string;
}

let miinto: RunningService;
let url: string;
let channel: Channel;

/** A request signed as Miinto's algorithm says, over the bytes sent. */
async function signed(
	method: string,
	path: string,
	body?: unknown,
	options: SignOptions = {},
	target: { url: string; channel: Channel } = { url, channel },
): Promise<Call> {
	const full = new URL(`${target.url}${path}`);
	const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	const seed = String(Math.floor(Math.random() * 100));
	const query = options.signedQuery ?? full.search.replace(/^\?/, '');
	const resource = sha256(
		`${method}\n${full.hostname}\n${options.signedPath ?? full.pathname}\n${query}`,
	);
	const header = sha256(`${target.channel.id}\n${timestamp}\n${seed}\nMNT-HMAC-SHA256-1-0`);
	const payload = sha256(options.signedBody ?? text);
	const signature = createHmac('sha256', options.token ?? target.channel.token)
		.update(`${resource}\n${header}\n${payload}`)
		.digest('hex');
	const headers: Record<string, string> = {
		accept: 'application/json',
		'Miinto-Api-Auth-ID': target.channel.id,
		'Miinto-Api-Auth-Signature': signature,
		'Miinto-Api-Auth-Timestamp': timestamp,
		'Miinto-Api-Auth-Seed': seed,
		'Miinto-Api-Auth-Type': 'MNT-HMAC-SHA256-1-0',
		'Miinto-Api-Control-Flavour': 'Miinto-Generic',
		'Miinto-Api-Control-Version': path.startsWith('/auth') ? '1.0' : '2.6',
	};
	if (options.omit) delete headers[options.omit];
	if (text !== '') headers['content-type'] = options.contentType ?? 'application/json';
	return await call(full.toString(), { method, headers, body: text === '' ? undefined : text });
}

async function openChannel(
	at = url,
	identifier = MIINTO_DEFAULT_USERNAME,
	secret = MIINTO_DEFAULT_PASSWORD,
) {
	return await call(`${at}/auth/channels`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ identifier, secret }),
	});
}

const shop = (rest = '', id = MIINTO_SHOP_DK) => `/order/shops/${id}${rest}`;
const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const expectFailure = (res: Call, status: number, message?: RegExp) => {
	expect(res.status).toBe(status);
	expect(res.body.meta.status).toBe('failure');
	expect(typeof res.body.meta.message).toBe('string');
	if (message) expect(res.body.meta.message).toMatch(message);
};

async function pendingTransfers(query = ''): Promise<Json[]> {
	const res = await signed('GET', shop(`/transfers?status%5B%5D=pending&sort=-createdAt${query}`));
	expect(res.status).toBe(200);
	return res.body.data as Json[];
}

/** A transfer seeded through the admin API with `positions` positions, all pending. */
async function seededTransfer(positions: Json[] = [{}, {}, {}], extra: Json = {}): Promise<Json> {
	const before = new Set(((await state()).transfers as Json[]).map((t) => t.id));
	const seeded = await admin(url, 'POST', 'seed', { transfers: [{ positions, ...extra }] });
	expect(seeded.status).toBe(200);
	return ((await state()).transfers as Json[]).find((t) => !before.has(t.id))!;
}

beforeAll(async () => {
	miinto = await start(miintoService(), { seed: 7, rateLimits: false });
	url = miinto.url;
});
afterAll(async () => {
	await miinto?.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset', {});
	const opened = await openChannel();
	expect(opened.status).toBe(200);
	channel = { id: opened.body.data.id, token: opened.body.data.token };
});

describe('Miinto emulator: the contract', () => {
	it('serves every operation of docs/miinto-openapi.derived.yaml under its service (nothing left to 501)', () => {
		const contract = MiintoContract.shared();
		const marks = contract.services();
		expect(marks.length).toBeGreaterThanOrEqual(15);
		const routes = new Set(miinto.definition.routes.map((r) => `${r.method} ${r.path}`));
		for (const { method, template, service } of marks)
			expect(routes).toContain(`${method} /${service}${template.replace(/\{([^}]+)\}/g, ':$1')}`);
	});
});

describe('Miinto emulator: channels and signatures', () => {
	it('opens a channel for the username and password, with the shops in its privileges; refuses a wrong password', async () => {
		const res = await openChannel();
		expect(res.body.meta).toEqual({ status: 'success', version: '1.0' });
		expect(res.body.data.id).toMatch(/^M!t!Ch!v1!0000202044-[0-9a-f]{13}-\d{9}$/);
		expect(res.body.data.token).toMatch(/^[0-9a-f]{32}$/);
		expect(res.body.data.data).toEqual({ accessorId: 202044 });
		expect(Object.keys(res.body.data.privileges.__GLOBAL__.Store)).toEqual([MIINTO_SHOP_DK]);
		expect(Object.keys(res.body.data.privileges.se.ShopAdmin)).toEqual([MIINTO_SHOP_SE]);
		expect(res.text).not.toContain(MIINTO_DEFAULT_PASSWORD);

		const wrong = await openChannel(url, MIINTO_DEFAULT_USERNAME, 'not-the-password');
		expectFailure(wrong, 401);
		expect(wrong.body.data).toBeUndefined();
		// lenient: a form body works too (M-C6)
		const form = await call(`${url}/auth/channels`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				identifier: MIINTO_DEFAULT_USERNAME,
				secret: MIINTO_DEFAULT_PASSWORD,
			}).toString(),
		});
		expect(form.status).toBe(200);
		const s = await state();
		expect(s.counters.channelsOpened).toBe(3);
		expect(s.counters.channelRefusals).toBe(1);
		expect(JSON.stringify(s)).not.toContain(channel.token);
		expect(JSON.stringify(s)).not.toContain(MIINTO_DEFAULT_PASSWORD);
		// the request log redacts the password (`secret`) of the channel requests
		const log = JSON.stringify((await admin(url, 'GET', 'requests')).body);
		expect(log).toContain('"secret":"[REDACTED]"');
		expect(log).not.toContain(MIINTO_DEFAULT_PASSWORD);
	});

	it('checks the path and query as they were sent (percent-encoding included)', async () => {
		const encoded = await signed(
			'GET',
			'/order/shops/1-m%21i%21s-045-1234/transfers?status%5B%5D=pending&limit=2',
		);
		expect(encoded.status).toBe(200);
		expect(encoded.body.data).toHaveLength(2);
		// signed over the decoded path, sent encoded: refused
		const decoded = await signed('GET', '/order/shops/1-m%21i%21s-045-1234', undefined, {
			signedPath: '/order/shops/1-m!i!s-045-1234',
		});
		expectFailure(decoded, 401, /signature/i);
		const mismatch = await signed('GET', '/order/shops/1-m%21i%21s-045-1234?limit=1', undefined, {
			signedQuery: 'limit=1&x=',
		});
		expectFailure(mismatch, 401, /signature/i);
	});

	it('answers a correctly signed call and the auth status', async () => {
		const status = await signed('GET', '/auth/status');
		expect(status.status).toBe(200);
		expect(status.body).toEqual({ name: 'auth-service', status: 'OK' });
		const res = await signed('GET', shop());
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			meta: { status: 'success', version: '2.6' },
			data: { id: MIINTO_SHOP_DK, name: 'Nørrebro Mode ApS', countryCode: 'DK', currency: 'DKK' },
		});
	});

	it('refuses a wrong token, an altered body or query, a wrong clock, a missing header and an unknown channel: 401 failure envelope', async () => {
		const transfer = (await pendingTransfers())[0]!;
		const body = {
			acceptedPositions: [{ id: transfer.pendingPositions[0].id }],
			declinedPositions: [],
		};
		const path = shop(`/transfers/${transfer.id}`);
		const cases: Array<[string, Promise<Call>]> = [
			['wrong token', signed('GET', shop(), undefined, { token: 'f'.repeat(32) })],
			[
				'altered body',
				signed('PATCH', path, body, {
					signedBody: JSON.stringify({ ...body, declinedPositions: [{ id: 1 }] }),
				}),
			],
			[
				'altered query',
				signed('GET', shop('/transfers?limit=1'), undefined, { signedQuery: 'limit=2' }),
			],
			[
				'clock an hour behind',
				signed('GET', shop(), undefined, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
			],
			[
				'clock ten minutes ahead',
				signed('GET', shop(), undefined, { timestamp: Math.floor(Date.now() / 1000) + 600 }),
			],
			['no signature', signed('GET', shop(), undefined, { omit: 'Miinto-Api-Auth-Signature' })],
			['no timestamp', signed('GET', shop(), undefined, { omit: 'Miinto-Api-Auth-Timestamp' })],
			[
				'unknown channel',
				signed(
					'GET',
					shop(),
					undefined,
					{},
					{ url, channel: { id: 'M!t!Ch!v1!0000000001-x-1', token: channel.token } },
				),
			],
		];
		for (const [label, pending] of cases) {
			const res = await pending;
			expect({ label, status: res.status }).toEqual({ label, status: 401 });
			expectFailure(res, 401);
		}
		// nothing was applied by the refused PATCH
		const after = await signed('GET', path);
		expect(after.body.data.pendingPositions).toHaveLength(transfer.pendingPositions.length);
		expect((await state()).counters.signatureRefusals).toBe(cases.length);
		// within the tolerance (5 minutes) the clock may differ
		expect(
			(await signed('GET', shop(), undefined, { timestamp: Math.floor(Date.now() / 1000) - 200 }))
				.status,
		).toBe(200);
		// the request log keeps no signature
		const log = await admin(url, 'GET', 'requests?limit=3');
		const logged = JSON.stringify(log.body);
		expect(logged).not.toMatch(/"miinto-api-auth-signature":"[0-9a-f]{64}"/);
		expect(logged).not.toContain(channel.token);
	});

	it('a channel expires: 401 failure (or, set so, 200 with meta.status failure); a new channel works', async () => {
		await admin(url, 'POST', 'clock', { advanceHours: 2 });
		// the clock moved, the client's did not: its timestamp is still fresh against real time
		expectFailure(await signed('GET', shop()), 401, /expired/);
		await admin(url, 'PATCH', 'config', { expiredChannelStatus: 200 });
		const old = channel;
		const again = await openChannel();
		channel = { id: again.body.data.id, token: again.body.data.token };
		expect((await signed('GET', shop())).status).toBe(200);
		const expired = await signed('GET', shop(), undefined, {}, { url, channel: old });
		expect(expired.status).toBe(200);
		expect(expired.body.meta.status).toBe('failure');
		expect((await state()).counters.expiredChannelAnswers).toBe(2);
		// the admin can expire every open channel; the fault token-revoked kills the presented one
		await admin(url, 'POST', 'seed', { expireChannels: true });
		expect((await signed('GET', shop())).body.meta.status).toBe('failure');
	});

	it('fault token-revoked kills the channel of the call', async () => {
		await admin(url, 'POST', 'faults', { kind: 'token-revoked', path: '/order/shops/*' });
		expectFailure(await signed('GET', shop()), 401, /expired/);
		expectFailure(await signed('GET', shop()), 401, /expired/);
		const channels = (await state()).channels as Json[];
		expect(channels.find((c) => c.id === channel.id)?.revoked).toBe(true);
	});

	it('refuses shops the channel has no privilege for', async () => {
		expectFailure(await signed('GET', shop('', '1-m!i!s-999-0000')), 404);
		expectFailure(await signed('GET', shop('/transfers', '1-m!i!s-999-0000')), 404);
	});
});

describe('Miinto emulator: transfers', () => {
	it('seeds pending transfers with several positions, Miinto prices under and over the feed price, Unicode and three delivery types', async () => {
		const s = await state();
		const transfers = s.transfers as Json[];
		const pending = transfers.filter((t) => t.status === 'pending');
		expect(pending.length).toBeGreaterThanOrEqual(4);
		expect(pending.some((t) => t.pendingPositions.length >= 3)).toBe(true);
		const positions = transfers.flatMap((t) => t.emulator.positions as Json[]);
		expect(positions.some((p) => p.price < p.referencePrice)).toBe(true);
		expect(positions.some((p) => p.price > p.referencePrice)).toBe(true);
		expect(new Set(transfers.map((t) => t.emulator.delivery.type))).toEqual(
			new Set(['HomeDelivery', 'CompanyDelivery', 'ParcelShopDelivery']),
		);
		expect(JSON.stringify(s.orders)).toMatch(/[ØøÆæÅåÖöÄä]/);
		expect(pending.some((t) => t.currency === 'SEK')).toBe(true);
		expect((s.rmas as Json[]).filter((r) => r.status === 'pending').length).toBeGreaterThanOrEqual(
			2,
		);
	});

	it('lists the pending transfers of a shop newest first, paged with limit/offset and totalItemCount', async () => {
		await admin(url, 'POST', 'seed', { transfers: 4 });
		const all = await pendingTransfers('&limit=100');
		expect(all.length).toBeGreaterThanOrEqual(7);
		const created = all.map((t) => Date.parse(t.createdAt));
		expect([...created].sort((a, b) => b - a)).toEqual(created);
		expect(all.every((t) => t.pendingPositions.length > 0)).toBe(true);
		const pages: Json[] = [];
		let total = Infinity;
		for (let offset = 0; offset < total; offset += 3) {
			const res = await signed(
				'GET',
				shop(`/transfers?status%5B%5D=pending&sort=-createdAt&limit=3&offset=${offset}`),
			);
			expect(res.body.meta.status).toBe('success');
			total = res.body.meta.totalItemCount;
			expect(res.body.data.length).toBeLessThanOrEqual(3);
			pages.push(...res.body.data);
		}
		expect(total).toBe(all.length);
		expect(pages.map((t) => t.id)).toEqual(all.map((t) => t.id));
		// the Swedish shop's are not here
		const se = await signed('GET', shop('/transfers?status%5B%5D=pending', MIINTO_SHOP_SE));
		expect(se.body.data.every((t: Json) => t.currency === 'SEK')).toBe(true);
		expect(all.every((t) => t.currency === 'DKK')).toBe(true);
	});

	it('accepts and declines positions in one call: the accepted ones become an order, the declined are gone', async () => {
		const transfer = await seededTransfer();
		const [a, b, c] = transfer.pendingPositions as Json[];
		const res = await signed('PATCH', shop(`/transfers/${transfer.id}`), {
			acceptedPositions: [{ id: a.id }, { id: b.id }],
			declinedPositions: [{ id: c.id }],
		});
		expect(res.status).toBe(200);
		expect(res.body.meta.status).toBe('success');
		const orderId = res.body.data.newOrder.id as number;
		expect(Number.isInteger(orderId)).toBe(true);
		expect((await pendingTransfers('&limit=100')).map((t) => t.id)).not.toContain(transfer.id);
		const read = await signed('GET', shop(`/transfers/${transfer.id}`));
		expect(read.body.data.pendingPositions).toEqual([]);
		expect(read.body.data.acceptedPositions.map((p: Json) => p.id)).toEqual([a.id, b.id]);
		expect(read.body.data.declinedPositions.map((p: Json) => p.id)).toEqual([c.id]);
		const order = await signed('GET', shop(`/orders/${orderId}`));
		expect(order.status).toBe(200);
		expect(order.body.data.acceptedPositions.map((p: Json) => p.id)).toEqual([a.id, b.id]);
		expect(order.body.data.acceptedPositions[0]).toMatchObject({
			price: a.price,
			quantity: a.quantity,
		});
		expect(order.body.data.billingInformation.name).toEqual(expect.any(String));
		expect(order.body.data.parentOrder.createdAt).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/,
		);
		// deciding a decided position again: 409; nothing changes
		expectFailure(
			await signed('PATCH', shop(`/transfers/${transfer.id}`), {
				acceptedPositions: [{ id: c.id }],
				declinedPositions: [],
			}),
			409,
			/already decided/,
		);
	});

	it('a partly decided transfer stays pending; a later accept extends the same order; declining everything routes it away', async () => {
		const transfer = await seededTransfer();
		const [a, b, c] = transfer.pendingPositions as Json[];
		const path = shop(`/transfers/${transfer.id}`);
		const first = await signed('PATCH', path, {
			acceptedPositions: [{ id: a.id }],
			declinedPositions: [],
		});
		expect(
			(await pendingTransfers('&limit=100')).find((t) => t.id === transfer.id)?.pendingPositions,
		).toHaveLength(2);
		const second = await signed('PATCH', path, {
			acceptedPositions: [{ id: b.id }],
			declinedPositions: [{ id: c.id }],
		});
		expect(second.body.data.newOrder.id).toBe(first.body.data.newOrder.id);
		const order = await signed('GET', shop(`/orders/${first.body.data.newOrder.id}`));
		expect(order.body.data.acceptedPositions.map((p: Json) => p.id)).toEqual([a.id, b.id]);

		const other = await seededTransfer([{}, {}]);
		const declined = await signed('PATCH', shop(`/transfers/${other.id}`), {
			acceptedPositions: [],
			declinedPositions: other.pendingPositions.map((p: Json) => ({ id: p.id })),
		});
		expect(declined.status).toBe(200);
		expect(declined.body.data.newOrder).toBeNull();
		const after = (await state()).transfers.find((t: Json) => t.id === other.id);
		expect(after.emulator.routedAway).toBe(true);
		expect(after.emulator.orderId).toBeNull();
	});

	it('refuses empty decisions, unknown or repeated positions and a malformed body (nothing applied)', async () => {
		const transfer = await seededTransfer([{}, {}]);
		const [a] = transfer.pendingPositions as Json[];
		const path = shop(`/transfers/${transfer.id}`);
		expectFailure(
			await signed('PATCH', path, { acceptedPositions: [], declinedPositions: [] }),
			400,
		);
		expectFailure(
			await signed('PATCH', path, {
				acceptedPositions: [{ id: a.id }, { id: 999 }],
				declinedPositions: [],
			}),
			400,
			/999/,
		);
		expectFailure(
			await signed('PATCH', path, {
				acceptedPositions: [{ id: a.id }],
				declinedPositions: [{ id: a.id }],
			}),
			400,
		);
		// the yaml: both arrays are required, ids are integers (legacy bare ids are refused)
		expectFailure(
			await signed('PATCH', path, { acceptedPositions: [a.id] }),
			400,
			/declinedPositions|acceptedPositions/,
		);
		expectFailure(await signed('GET', shop('/transfers/abc')), 400, /transferId/);
		expectFailure(await signed('GET', shop('/transfers?status%5B%5D=bogus')), 400, /status/);
		expectFailure(await signed('GET', shop('/transfers/999999')), 404);
		const body = { acceptedPositions: [{ id: a.id }], declinedPositions: [] };
		expectFailure(
			await signed('PATCH', path, body, { contentType: 'text/plain' }),
			415,
			/application\/json/,
		);
		expectFailure(
			await signed('PATCH', path, '{"acceptedPositions": [', {}),
			400,
			/not valid JSON/,
		);
		// unsigned: refused before anything else
		const unsigned = await call(`${url}${path}`, {
			method: 'PATCH',
			body: JSON.stringify(body),
			headers: { 'content-type': 'application/json' },
		});
		expectFailure(unsigned, 401, /Missing authentication header/);
		expect((await signed('GET', path)).body.data.pendingPositions).toHaveLength(2);
		// with request validation off, a body the handler cannot read is still a 400, not an emulator error
		await admin(url, 'PATCH', 'config', { validateRequests: false });
		expectFailure(await signed('PATCH', path, { acceptedPositions: 'all' }), 400);
		expectFailure(
			await signed('PATCH', `/stock/locations/${MIINTO_SHOP_DK}/items`, { stock: 1 }),
			400,
		);
		await admin(url, 'PATCH', 'config', { validateRequests: true });
	});
});

describe('Miinto emulator: orders, shipping, labels', () => {
	it('lists accepted orders with offset/limit and totalItemCount, newest first', async () => {
		for (let n = 0; n < 3; n++) {
			const t = await seededTransfer([{ status: 'accepted' }], {
				createdAt: new Date(Date.now() - n * 60_000).toISOString(),
			});
			expect(t.emulator.orderId).not.toBeNull();
		}
		const all = await signed(
			'GET',
			shop('/orders?status%5B%5D=accepted&sort=-createdAt&limit=100&offset=0'),
		);
		const total = all.body.meta.totalItemCount as number;
		expect(total).toBe(all.body.data.length);
		expect(total).toBeGreaterThanOrEqual(5);
		expect(all.body.data.every((o: Json) => o.status === 'accepted')).toBe(true);
		const ids: number[] = [];
		for (let offset = 0; offset < total; offset += 2) {
			const page = await signed(
				'GET',
				shop(`/orders?status%5B%5D=accepted&sort=-createdAt&limit=2&offset=${offset}`),
			);
			expect(page.body.meta.totalItemCount).toBe(total);
			ids.push(...page.body.data.map((o: Json) => o.id));
		}
		expect(ids).toEqual(all.body.data.map((o: Json) => o.id));
		const beyond = await signed(
			'GET',
			shop(`/orders?status%5B%5D=accepted&limit=2&offset=${total}`),
		);
		expect(beyond.body.data).toEqual([]);
		expectFailure(await signed('GET', shop('/orders?limit=0')), 400, /limit/);
	});

	it('offers the providers of the order, ships positions with one of them, and is then shipped', async () => {
		const t = await seededTransfer([{ status: 'accepted' }, { status: 'accepted' }], {
			deliveryType: 'ParcelShopDelivery',
			parcelShopId: 'PN-123456',
		});
		const orderId = t.emulator.orderId as number;
		const providers = await signed('GET', shop(`/shipping-providers/orders/${orderId}`));
		expect(providers.status).toBe(200);
		const ids = providers.body.data.map((p: Json) => p.id);
		expect(ids).toContain(1); // PostNord serves parcel shops in Denmark
		expect(ids).not.toContain(4); // DHL Express does not serve parcel shops
		const order = (await signed('GET', shop(`/orders/${orderId}`))).body.data;
		expect(order.shippingInformation.deliveryAddress).toMatchObject({
			type: 'ParcelShopDelivery',
			parcelShopId: 'PN-123456',
		});
		const [p1, p2] = order.acceptedPositions as Json[];
		const path = shop(`/orders/${orderId}`);
		expectFailure(
			await signed('PATCH', path, {
				shippedPositions: [{ id: p1.id, trackAndTrace: '0037', shippingProviderId: 4 }],
			}),
			400,
			/not allowed/,
		);
		expectFailure(await signed('PATCH', path, { shippedPositions: [] }), 400, /shippedPositions/);
		const ship = await signed('PATCH', path, {
			shippedPositions: [
				{ id: p1.id, trackAndTrace: '00370726201234567890', shippingProviderId: 1 },
			],
		});
		expect(ship.status).toBe(200);
		expect(ship.body.data.status).toBe('accepted');
		expect(ship.body.data.acceptedPositions[0]).toMatchObject({
			trackAndTrace: '00370726201234567890',
			shippingProviderId: 1,
		});
		// the same again changes nothing; another code for a shipped position is refused
		expect(
			(
				await signed('PATCH', path, {
					shippedPositions: [
						{ id: p1.id, trackAndTrace: '00370726201234567890', shippingProviderId: 1 },
					],
				})
			).status,
		).toBe(200);
		expectFailure(
			await signed('PATCH', path, {
				shippedPositions: [{ id: p1.id, trackAndTrace: 'OTHER', shippingProviderId: 1 }],
			}),
			400,
			/already/,
		);
		await signed('PATCH', path, {
			shippedPositions: [
				{ id: p2.id, trackAndTrace: '00370726201234567891', shippingProviderId: '1' },
			],
		});
		expect((await signed('GET', path)).body.data.status).toBe('shipped');
		const accepted = await signed('GET', shop('/orders?status%5B%5D=accepted&limit=100'));
		expect(accepted.body.data.map((o: Json) => o.id)).not.toContain(orderId);
		expect((await state()).counters).toMatchObject({ shipments: 3, shipmentsRepeated: 1 });
	});

	it('serves a label PDF for orders of the Danish shop, 404 for the others', async () => {
		const dk = await seededTransfer([{ status: 'accepted' }]);
		const label = await fetch(`${url}${shop(`/orders/${dk.emulator.orderId}/labels`)}`, {
			headers: (await signedHeaders(
				'GET',
				shop(`/orders/${dk.emulator.orderId}/labels`),
			)) as Record<string, string>,
		});
		expect(label.status).toBe(200);
		expect(label.headers.get('content-type')).toBe('application/pdf');
		expect(
			Buffer.from(await label.arrayBuffer())
				.subarray(0, 5)
				.toString(),
		).toBe('%PDF-');
		const se = await seededTransfer([{ status: 'accepted' }], { shopId: MIINTO_SHOP_SE });
		expectFailure(
			await signed('GET', shop(`/orders/${se.emulator.orderId}/labels`, MIINTO_SHOP_SE)),
			404,
		);
	});
});

/** The signed headers of a request (for a raw fetch). */
async function signedHeaders(method: string, path: string): Promise<Record<string, string>> {
	const full = new URL(`${url}${path}`);
	const timestamp = String(Math.floor(Date.now() / 1000));
	const seed = '7';
	const resource = sha256(`${method}\n${full.hostname}\n${full.pathname}\n${full.search.slice(1)}`);
	const header = sha256(`${channel.id}\n${timestamp}\n${seed}\nMNT-HMAC-SHA256-1-0`);
	return {
		'Miinto-Api-Auth-ID': channel.id,
		'Miinto-Api-Auth-Signature': createHmac('sha256', channel.token)
			.update(`${resource}\n${header}\n${sha256('')}`)
			.digest('hex'),
		'Miinto-Api-Auth-Timestamp': timestamp,
		'Miinto-Api-Auth-Seed': seed,
		'Miinto-Api-Auth-Type': 'MNT-HMAC-SHA256-1-0',
	};
}

describe('Miinto emulator: stock', () => {
	it('takes many items of one location in one PATCH and keeps each by its identifier', async () => {
		const item = ((await state()).items[MIINTO_SHOP_DK] as Json[])[0]!;
		const res = await signed('PATCH', `/stock/locations/${MIINTO_SHOP_DK}/items`, [
			{ gtin: item.gtin, stock: 4 },
			{ id: item.productId, stock: 2 },
			{ miintoId: 'MI-00000000', stock: 0 },
		]);
		expect(res.status).toBe(200);
		expect(res.body.meta.status).toBe('success');
		const stocks = (await state()).stocks as Json[];
		expect(stocks.map((s) => [s.field, s.identifier, s.stock, s.known])).toEqual([
			['gtin', item.gtin, 4, true],
			['id', item.productId, 2, true],
			['miintoId', 'MI-00000000', 0, false],
		]);
		expect((await state()).counters).toMatchObject({ stockRequests: 1, stockItems: 3 });
	});

	it('refuses items without stock, a negative stock, more than 500 items, an item named by nothing, another location', async () => {
		const path = `/stock/locations/${MIINTO_SHOP_DK}/items`;
		expectFailure(await signed('PATCH', path, [{ gtin: '5701234567899' }]), 400, /stock/);
		expectFailure(
			await signed('PATCH', path, [{ gtin: '5701234567899', stock: -1 }]),
			400,
			/stock/,
		);
		expectFailure(
			await signed(
				'PATCH',
				path,
				Array.from({ length: 501 }, () => ({ gtin: '1', stock: 1 })),
			),
			400,
		);
		expectFailure(
			await signed('PATCH', path, [{ group: 'x', stock: 1 }]),
			400,
			/gtin, id or miintoId/,
		);
		expectFailure(await signed('PATCH', path, []), 400);
		expectFailure(
			await signed('PATCH', '/stock/locations/1-m!i!s-999-0000/items', [{ gtin: '1', stock: 1 }]),
			404,
		);
		expect((await state()).stocks).toEqual([]);
	});
});

describe('Miinto emulator: RMAs and RMA requests', () => {
	it('lists pending RMAs, declines one with a reason (required), accepts another; a decided RMA cannot change', async () => {
		const list = await signed(
			'GET',
			shop('/rmas?status%5B%5D=pending&sort=-createdAt&limit=50&offset=0'),
		);
		expect(list.status).toBe(200);
		const pending = list.body.data as Json[];
		expect(pending.length).toBe(list.body.meta.totalItemCount);
		expect(pending.length).toBeGreaterThanOrEqual(2);
		expect(pending[0]).toMatchObject({
			status: 'pending',
			type: 'rma',
			currency: 'DKK',
			decidedAt: null,
		});
		expect(pending[0].positions[0]).toMatchObject({
			id: expect.any(Number),
			quantity: 1,
			price: expect.any(Number),
		});
		const [first, second] = pending as [Json, Json];
		const one = (id: number) => shop(`/rmas/${id}`);
		expectFailure(await signed('PATCH', one(first.id), { status: 'declined' }), 400, /reason/);
		expectFailure(await signed('PATCH', one(first.id), { status: 'refunded' }), 400, /status/);
		const declined = await signed('PATCH', one(first.id), {
			status: 'declined',
			reason: 'Varen er brugt – mangler mærke',
		});
		expect(declined.status).toBe(200);
		expect(declined.body.data).toMatchObject({
			status: 'declined',
			decisionReason: 'Varen er brugt – mangler mærke',
		});
		expect(declined.body.data.decidedAt).toMatch(/T/);
		// the same decision again: 200, unchanged; the other one: 409
		expect(
			(await signed('PATCH', one(first.id), { status: 'declined', reason: 'x' })).body.data
				.decisionReason,
		).toBe('Varen er brugt – mangler mærke');
		expectFailure(await signed('PATCH', one(first.id), { status: 'accepted' }), 409);
		expect((await signed('PATCH', one(second.id), { status: 'accepted' })).body.data.status).toBe(
			'accepted',
		);
		const still = await signed('GET', shop('/rmas?status%5B%5D=pending'));
		expect(still.body.data.map((r: Json) => r.id)).not.toContain(first.id);
		expectFailure(await signed('GET', one(999999)), 404);
	});

	it('creates an RMA request for accepted positions of an order, within the quantity', async () => {
		const t = await seededTransfer([{ status: 'shipped', quantity: 2 }, { status: 'accepted' }]);
		const orderId = t.emulator.orderId as number;
		const [p1, p2] = t.emulator.positions as Json[];
		const path = shop('/rma-requests');
		const created = await signed('POST', path, {
			orderId,
			positions: [{ id: p1.id, quantity: 1 }],
			reason: 'Returneret uden RMA',
		});
		expect(created.status).toBe(201);
		expect(created.body.data).toMatchObject({
			type: 'rmaRequest',
			status: 'pending',
			orderId,
			reason: 'Returneret uden RMA',
		});
		expect(
			(await signed('POST', path, { orderId, positions: [{ id: p2.id, quantity: 1 }] })).status,
		).toBe(201);
		expectFailure(
			await signed('POST', path, { orderId, positions: [{ id: p1.id, quantity: 2 }] }),
			400,
			/left to return/,
		);
		expectFailure(
			await signed('POST', path, { orderId, positions: [{ id: 1, quantity: 1 }] }),
			400,
			/not a position/,
		);
		expectFailure(await signed('POST', path, { orderId, positions: [] }), 400, /positions/);
		expectFailure(
			await signed('POST', path, { orderId: 1, positions: [{ id: p1.id, quantity: 1 }] }),
			404,
		);
		expect((await state()).counters.rmaRequests).toBe(2);
	});
});

describe('Miinto emulator: admin and rate limit', () => {
	it('seeds transfers (generated or explicit) and RMAs, refuses bad seed input, resets', async () => {
		const before = ((await state()).transfers as Json[]).length;
		const generated = await admin(url, 'POST', 'seed', { transfers: 2 });
		expect(generated.body.seeded).toMatchObject({ transfers: 2 });
		const t = await seededTransfer([
			{ gtin: '5790000000001', name: 'Uldsokker «Ærø»', price: 12_995, status: 'shipped' },
		]);
		expect(t.emulator.positions[0]).toMatchObject({
			price: 12_995,
			item: { gtin: '5790000000001', name: 'Uldsokker «Ærø»' },
		});
		const rma = await admin(url, 'POST', 'seed', { rmas: [{ orderId: t.emulator.orderId }] });
		expect(rma.body.seeded.rmas).toBe(1);
		expect((await admin(url, 'POST', 'seed', { transfers: [{ shopId: 'nope' }] })).status).toBe(
			400,
		);
		expect(
			(await admin(url, 'POST', 'seed', { transfers: [{ deliveryType: 'Drone' }] })).status,
		).toBe(400);
		expect((await admin(url, 'POST', 'seed', { rmas: [{ orderId: 1 }] })).status).toBe(400);
		expect(((await state()).transfers as Json[]).length).toBe(before + 3);
		await admin(url, 'POST', 'reset', { empty: true });
		const empty = await state();
		expect(empty.transfers).toEqual([]);
		expect(empty.shops).toHaveLength(2);
		expect(empty.accounts[0].shops).toEqual([MIINTO_SHOP_DK, MIINTO_SHOP_SE]);
	});

	it('marks its rate limits as assumptions and answers 429 in the failure envelope with Retry-After', async () => {
		const limited = await start(miintoService(), { seed: 3 });
		try {
			const limits = await admin(limited.url, 'GET', 'rate-limits');
			const rules = limits.body.profile.rules as Json[];
			expect(rules.length).toBeGreaterThan(0);
			expect(rules.every((r) => r.verified === false)).toBe(true);
			const opened = await openChannel(limited.url);
			const own = {
				url: limited.url,
				channel: { id: opened.body.data.id, token: opened.body.data.token },
			};
			const answers = await Promise.all(
				Array.from({ length: 30 }, () => signed('GET', shop(), undefined, {}, own)),
			);
			const tooMany = answers.filter((a) => a.status === 429);
			expect(tooMany.length).toBeGreaterThan(0);
			expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(10);
			expectFailure(tooMany[0]!, 429);
			expect(Number(tooMany[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
		} finally {
			await limited.stop();
		}
	});

	it('describes its n8n credential (custom environment, three base URLs); the sandbox imports it once Miinto ships', async () => {
		const info = (await admin(url, 'GET', 'state')).body.info as Json;
		expect(info.credential).toEqual({
			username: MIINTO_DEFAULT_USERNAME,
			environment: 'custom',
			authUrl: `${url}/auth`,
			orderUrl: `${url}/order`,
			stockUrl: `${url}/stock`,
			accessToken: '',
		});
		expect(JSON.stringify(info)).not.toContain(MIINTO_DEFAULT_PASSWORD);
		const sandbox = await emulatorCredentials({ miinto: url });
		if ((MARKETPLACE_REGISTRY.miinto.status as string) === 'planned') {
			// n8n refuses a credential of a type it does not know: none until the registry ships Miinto
			expect(sandbox.credentials).toEqual([]);
			expect(sandbox.skipped[0]).toMatch(/^miinto: .*miintoApi.*not registered/);
		} else {
			expect(sandbox.credentials).toHaveLength(1);
			expect(sandbox.credentials[0]).toMatchObject({
				type: 'miintoApi',
				data: { ...info.credential, password: MIINTO_DEFAULT_PASSWORD },
			});
		}
	});
});
