/**
 * The Miinto node's real client (`nodes/Miinto/transport`, with the credential's channel and MNT-HMAC-SHA256 signing)
 * against the stateful Miinto emulator over real HTTP: the emulator recomputes every signature from the bytes it
 * receives and checks every request against docs/miinto-openapi.derived.yaml, the contract both sides implement. What
 * the client reports must match the emulator's state, and no request may be refused as invalid or unsigned.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { MiintoApi } from '../../credentials/MiintoApi.credentials';
import { Miinto } from '../../nodes/Miinto/Miinto.node';
import { MiintoTrigger } from '../../nodes/Miinto/MiintoTrigger.node';
import { MiintoClient, type MiintoTransfer } from '../../nodes/Miinto/transport';
import { resetRateLimiters } from '../../nodes/shared/transport';
import { startEmulators } from '../../sandbox/emulators/index.mts';
import {
	MIINTO_DEFAULT_PASSWORD,
	MIINTO_DEFAULT_USERNAME,
	MIINTO_SHOP_DK,
	MIINTO_SHOP_SE,
} from '../../sandbox/emulators/miinto/index.mts';
import { createContext, type ContextOptions } from '../helpers/context.mts';

type Json = Record<string, any>;
let emulators: Awaited<ReturnType<typeof startEmulators>>;
let url: string;

async function admin(method: string, path: string, body?: unknown): Promise<Json> {
	const response = await fetch(`${url}/__admin/${path}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	expect(response.status).toBeLessThan(300);
	return (await response.json()) as Json;
}
const state = async () => (await admin('GET', 'state')).state as Json;

function context(
	parameters: ContextOptions['parameters'] = {},
	extra: Partial<ContextOptions> = {},
) {
	return createContext({
		credentialType: new MiintoApi(),
		credentials: {
			username: MIINTO_DEFAULT_USERNAME,
			password: MIINTO_DEFAULT_PASSWORD,
			environment: 'custom',
			authUrl: `${url}/auth`,
			orderUrl: `${url}/order`,
			stockUrl: `${url}/stock`,
			accessToken: '',
		},
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.miinto',
		...extra,
	});
}

async function client(fake = context()) {
	return { fake, client: await MiintoClient.create(fake.ctx as never) };
}

async function all<T>(generator: AsyncGenerator<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of generator) out.push(item);
	return out;
}

beforeAll(async () => {
	emulators = await startEmulators({ services: ['miinto'], seed: 21, rateLimits: false });
	url = emulators.urls.miinto;
});
afterAll(async () => {
	await emulators?.stop();
});
beforeEach(async () => {
	resetRateLimiters();
	await admin('POST', 'reset', {});
	await admin('DELETE', 'requests');
});
// every request the client sent was signed correctly and passed the yaml (refusals of expired channels are the
// emulator's doing, counted apart)
afterEach(async () => {
	const log = await admin('GET', 'requests');
	const invalid = ((log.requests ?? []) as Json[]).filter(
		(r) => r.outcome === 'invalid' || [400, 415].includes(r.status as number),
	);
	expect(invalid).toEqual([]);
	const { counters } = await state();
	expect(counters.signatureRefusals).toBe(0);
	expect(counters.channelRefusals).toBe(0);
});

describe('Miinto client against the emulator', () => {
	it('opens a channel, names the shops of its privileges and lists the pending transfers of a shop', async () => {
		const { fake, client: miinto } = await client();
		expect((await miinto.shops()).sort()).toEqual([MIINTO_SHOP_DK, MIINTO_SHOP_SE].sort());
		expect(fake.preAuthentications).toBe(1);
		expect((await miinto.getShop(MIINTO_SHOP_SE))?.name).toBe('Södermalm Kläder AB');
		const transfers = await all(miinto.pendingTransfers(MIINTO_SHOP_DK));
		const expected = ((await state()).transfers as Json[]).filter(
			(t) => t.emulator.shopId === MIINTO_SHOP_DK && t.status === 'pending',
		);
		expect(transfers.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
		expect(transfers.some((t) => (t.pendingPositions ?? []).length === 3)).toBe(true);
		// one channel for the whole run
		expect((await state()).counters.channelsOpened).toBe(1);
	});

	it('pages through more than one page of transfers (limit 50, totalItemCount)', async () => {
		await admin('POST', 'seed', { transfers: 57 });
		const { client: miinto } = await client();
		const transfers = await all(miinto.pendingTransfers(MIINTO_SHOP_DK));
		const expected = ((await state()).transfers as Json[]).filter(
			(t) => t.emulator.shopId === MIINTO_SHOP_DK && t.status === 'pending',
		);
		expect(transfers).toHaveLength(expected.length);
		expect(new Set(transfers.map((t) => t.id)).size).toBe(expected.length);
		const pages = ((await admin('GET', 'requests')).requests as Json[]).filter((r) =>
			/^\/order\/shops\/[^/]+\/transfers$/.test(r.path as string),
		);
		expect(pages.map((r) => r.query.offset)).toEqual(['0', '50']);
	});

	it('accepts and declines positions of a transfer: the new order is listed and read back with its positions', async () => {
		const { client: miinto } = await client();
		const transfer = (await all(miinto.pendingTransfers(MIINTO_SHOP_DK))).find(
			(t) => (t.pendingPositions ?? []).length === 3,
		) as MiintoTransfer;
		const [a, b, c] = transfer.pendingPositions!;
		const decided = await miinto.decideTransfer(
			MIINTO_SHOP_DK,
			String(transfer.id),
			[a!.id, b!.id],
			[c!.id],
		);
		expect(decided.newOrderId).toMatch(/^\d+$/);
		const after = await miinto.getTransfer(MIINTO_SHOP_DK, String(transfer.id));
		expect(after.pendingPositions).toEqual([]);
		expect(after.declinedPositions?.map((p) => p.id)).toEqual([c!.id]);
		const orders = await all(miinto.acceptedOrders(MIINTO_SHOP_DK));
		expect(orders.map((o) => String(o.id))).toContain(decided.newOrderId);
		const order = await miinto.getOrder(MIINTO_SHOP_DK, decided.newOrderId!);
		expect(order.acceptedPositions?.map((p) => p.id)).toEqual([a!.id, b!.id]);
		expect(order.acceptedPositions?.[0]?.price).toBe(a!.price);
		// decided positions cannot be decided again: Miinto's 409 reaches the caller as an error
		await expect(
			miinto.decideTransfer(MIINTO_SHOP_DK, String(transfer.id), [c!.id], []),
		).rejects.toThrow();
		const emulated = ((await state()).transfers as Json[]).find((t) => t.id === transfer.id)!;
		expect(emulated.emulator.orderId).toBe(Number(decided.newOrderId));
	});

	it('lists accepted orders over several pages, reads the providers of one and ships it', async () => {
		await admin('POST', 'seed', {
			transfers: Array.from({ length: 52 }, (_, n) => ({
				createdAt: new Date(Date.now() - n * 60_000).toISOString(),
				positions: [{ status: 'accepted' }, { status: 'accepted' }],
			})),
		});
		const { client: miinto } = await client();
		const orders = await all(miinto.acceptedOrders(MIINTO_SHOP_DK));
		const expected = ((await state()).orders as Json[]).filter(
			(o) => o.emulator.shopId === MIINTO_SHOP_DK && o.status === 'accepted',
		);
		expect(orders.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
		const created = orders.map((o) => Date.parse(String(o.createdAt)));
		expect([...created].sort((x, y) => y - x)).toEqual(created);

		const order = orders[0]!;
		const providers = await miinto.shippingProviders(MIINTO_SHOP_DK, String(order.id));
		expect(providers.length).toBeGreaterThan(0);
		const positions = order.acceptedPositions!.map((p) => p.id);
		await miinto.shipPositions(
			MIINTO_SHOP_DK,
			String(order.id),
			positions,
			'00370726209876543210',
			providers[0]!.id,
		);
		const shipped = ((await state()).orders as Json[]).find((o) => o.id === order.id)!;
		expect(shipped.status).toBe('shipped');
		expect(shipped.acceptedPositions.map((p: Json) => p.trackAndTrace)).toEqual(
			positions.map(() => '00370726209876543210'),
		);
	});

	it('updates the stock of many items of a location in one signed PATCH', async () => {
		const items = ((await state()).items[MIINTO_SHOP_DK] as Json[]).slice(0, 3);
		const { client: miinto } = await client();
		await miinto.updateStock(
			MIINTO_SHOP_DK,
			items.map((item, n) => ({ gtin: item.gtin, stock: n * 2 })),
		);
		const stocks = (await state()).stocks as Json[];
		expect(stocks.map((s) => [s.identifier, s.stock, s.known])).toEqual(
			items.map((item, n) => [item.gtin, n * 2, true]),
		);
	});

	it('paces every service on one budget: a burst of channel, order and stock calls draws no 429 from the assumed per-account limit', async () => {
		await admin('PUT', 'rate-limits', { enabled: true });
		try {
			const items = ((await state()).items[MIINTO_SHOP_DK] as Json[]).slice(0, 2);
			const { client: miinto } = await client();
			// the channel (auth service), then 9 order-service reads and 4 stock writes at once: 14 calls or more
			// against a bucket of 10 that leaks 5 a second (each service within 10 on its own)
			await miinto.shops();
			await Promise.all([
				...Array.from({ length: 9 }, async () => await miinto.getShop(MIINTO_SHOP_DK)),
				...Array.from(
					{ length: 4 },
					async (_, n) =>
						await miinto.updateStock(
							MIINTO_SHOP_DK,
							items.map((item) => ({ gtin: item.gtin, stock: n })),
						),
				),
			]);
			const requests = (await admin('GET', 'requests')).requests as Json[];
			expect(requests.length).toBeGreaterThanOrEqual(14);
			expect(requests.filter((r) => r.status === 429)).toEqual([]);
		} finally {
			await admin('PUT', 'rate-limits', { enabled: false });
		}
	});

	it('a channel that expires mid-run (401) is re-opened once by the credential and the call succeeds', async () => {
		const { fake, client: miinto } = await client();
		await miinto.getShop(MIINTO_SHOP_DK);
		await admin('POST', 'seed', { expireChannels: true });
		expect((await miinto.getShop(MIINTO_SHOP_DK))?.id).toBe(MIINTO_SHOP_DK);
		expect(fake.preAuthentications).toBe(2);
		expect((await state()).counters).toMatchObject({ channelsOpened: 2, expiredChannelAnswers: 1 });
	});

	it('a channel reported expired inside a 200 answer (meta.status failure) is replaced by one of the run', async () => {
		await admin('PATCH', 'config', { expiredChannelStatus: 200 });
		const { client: miinto } = await client();
		await miinto.getShop(MIINTO_SHOP_DK);
		await admin('POST', 'seed', { expireChannels: true });
		const transfers = await all(miinto.pendingTransfers(MIINTO_SHOP_DK));
		expect(transfers.length).toBeGreaterThan(0);
		// and the rest of the run signs with the new channel: no further expiry answers
		await miinto.getShop(MIINTO_SHOP_SE);
		expect((await state()).counters).toMatchObject({ channelsOpened: 2, expiredChannelAnswers: 1 });
	});
});

describe('Miinto client against the emulator: RMAs and labels (unverified endpoints, the yaml on both sides)', () => {
	it('lists pending RMAs, declines one with a reason, accepts another, creates an RMA request', async () => {
		const { client: miinto } = await client();
		const pending = await all(miinto.rmas(MIINTO_SHOP_DK, 'pending'));
		const expected = ((await state()).rmas as Json[]).filter(
			(r) => r.emulator.shopId === MIINTO_SHOP_DK && r.status === 'pending',
		);
		expect(pending.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
		const [first, second] = pending;
		expect((await miinto.getRma(MIINTO_SHOP_DK, String(first!.id))).status).toBe('pending');
		const declined = await miinto.decideRma(
			MIINTO_SHOP_DK,
			String(first!.id),
			'declined',
			'Varen er brugt',
		);
		expect(declined).toMatchObject({ status: 'declined', decisionReason: 'Varen er brugt' });
		await miinto.decideRma(MIINTO_SHOP_DK, String(second!.id), 'accepted', '');
		const rmas = (await state()).rmas as Json[];
		expect(rmas.find((r) => r.id === first!.id)?.status).toBe('declined');
		expect(rmas.find((r) => r.id === second!.id)?.status).toBe('accepted');

		const shipped = ((await state()).orders as Json[]).find(
			(o) => o.emulator.shopId === MIINTO_SHOP_DK && o.status === 'shipped',
		)!;
		const position = shipped.acceptedPositions[shipped.acceptedPositions.length - 1];
		const request = await miinto.createRmaRequest(
			MIINTO_SHOP_DK,
			shipped.id,
			[{ id: position.id, quantity: 1 }],
			'Returneret uden RMA',
		);
		expect(request).toMatchObject({ type: 'rmaRequest', status: 'pending', orderId: shipped.id });
		expect((await state()).counters.rmaRequests).toBe(1);
	});

	it('downloads the label PDF of an order; none for an order without one', async () => {
		const { client: miinto } = await client();
		const dk = ((await state()).orders as Json[]).find(
			(o) => o.emulator.shopId === MIINTO_SHOP_DK,
		)!;
		const pdf = await miinto.orderLabel(MIINTO_SHOP_DK, String(dk.id));
		expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
		await admin('POST', 'seed', {
			transfers: [{ shopId: MIINTO_SHOP_SE, positions: [{ status: 'accepted' }] }],
		});
		const se = ((await state()).orders as Json[]).find(
			(o) => o.emulator.shopId === MIINTO_SHOP_SE,
		)!;
		expect(await miinto.orderLabel(MIINTO_SHOP_SE, String(se.id))).toBeUndefined();
	});
});

describe('Miinto node against the emulator', () => {
	it('Transfer > Get Many and Stock > Update through the node', async () => {
		const fake = context({
			resource: 'transfer',
			operation: 'getAll',
			shopId: MIINTO_SHOP_DK,
			returnAll: true,
			options: {},
		});
		const output: INodeExecutionData[][] = await new Miinto().execute.call(fake.ctx);
		const pending = ((await state()).transfers as Json[]).filter(
			(t) => t.emulator.shopId === MIINTO_SHOP_DK && t.status === 'pending',
		);
		expect(output[0]).toHaveLength(pending.length);

		const items = ((await state()).items[MIINTO_SHOP_DK] as Json[]).slice(0, 2);
		const stock = context(
			{
				resource: 'stock',
				operation: 'update',
				shopId: MIINTO_SHOP_DK,
				identification: 'gtin',
				identifier: (i: number) => items[i]!.gtin,
				quantity: (i: number) => 5 + i,
			},
			{ items: items.map(() => ({ json: {} })) },
		);
		await new Miinto().execute.call(stock.ctx);
		const stocks = (await state()).stocks as Json[];
		expect(stocks.map((s) => [s.identifier, s.stock])).toEqual([
			[items[0]!.gtin, 5],
			[items[1]!.gtin, 6],
		]);
		expect((await state()).counters.stockRequests).toBe(1);
	});

	it('Order > Get Many normalizes the emulated orders (parcel shop) and Transfer > Decide accepts every pending position', async () => {
		await admin('POST', 'seed', {
			transfers: [
				{
					deliveryType: 'ParcelShopDelivery',
					parcelShopId: 'PN-424242',
					deliveryName: 'PostNord Pakkeshop – Føtex Østerbro',
					customer: { name: 'Ærlig Øster Åberg', email: 'aeo@example.dk' },
					positions: [{ status: 'accepted', price: 12_995, quantity: 2 }],
				},
			],
		});
		const orders = context({
			resource: 'order',
			operation: 'getAll',
			shopId: MIINTO_SHOP_DK,
			returnAll: true,
			options: {},
		});
		const listed = (await new Miinto().execute.call(orders.ctx))[0]!.map((i) => i.json as Json);
		const expected = ((await state()).orders as Json[]).filter(
			(o) => o.emulator.shopId === MIINTO_SHOP_DK && o.status === 'accepted',
		);
		expect(listed).toHaveLength(expected.length);
		const parcel = listed.find((o) => o.shippingAddress?.pickupPoint?.id === 'PN-424242');
		expect(parcel).toBeDefined();
		expect(parcel!.shippingAddress.pickupPoint.name).toBe('PostNord Pakkeshop – Føtex Østerbro');
		expect(parcel!.customer.fullName).toBe('Ærlig Øster Åberg');
		expect(parcel!.extra.deliveryType).toBe('ParcelShopDelivery');

		const transfer = ((await state()).transfers as Json[]).find(
			(t) => t.emulator.shopId === MIINTO_SHOP_DK && t.pendingPositions.length === 3,
		)!;
		const decide = context({
			resource: 'transfer',
			operation: 'decide',
			shopId: MIINTO_SHOP_DK,
			transferId: String(transfer.id),
			decision: 'acceptAll',
		});
		const [result] = (await new Miinto().execute.call(decide.ctx))[0]!.map((i) => i.json as Json);
		const after = ((await state()).transfers as Json[]).find((t) => t.id === transfer.id)!;
		expect(result!.newOrderId).toBe(String(after.emulator.orderId));
		expect(after.acceptedPositions).toHaveLength(3);
		expect(after.pendingPositions).toEqual([]);
	});

	it('trigger: a new transfer, a new order and a new RMA are each emitted once; what was there at activation is not', async () => {
		const poller = (event: string) => {
			const staticData: IDataObject = {};
			return async () => {
				const fake = context({ event, shopId: MIINTO_SHOP_DK, options: {} }, { staticData });
				const result = await new MiintoTrigger().poll.call(fake.ctx);
				return result ? result[0]!.map((i) => i.json as Json) : null;
			};
		};
		const transfers = poller('newTransfer');
		const orders = poller('newOrder');
		const rmas = poller('newRma');
		expect(await transfers()).toBeNull();
		expect(await orders()).toBeNull();
		expect(await rmas()).toBeNull();

		await admin('POST', 'seed', { transfers: [{ positions: [{}, {}] }] });
		const fresh = ((await state()).transfers as Json[]).at(-1)!;
		expect((await transfers())?.map((t) => t.orderId)).toEqual([String(fresh.id)]);
		expect(await transfers()).toBeNull();

		const { client: miinto } = await client();
		const decided = await miinto.decideTransfer(
			MIINTO_SHOP_DK,
			String(fresh.id),
			fresh.pendingPositions.map((p: Json) => p.id),
			[],
		);
		expect((await orders())?.map((o) => o.orderId)).toEqual([decided.newOrderId]);
		expect(await orders()).toBeNull();

		const shipped = ((await state()).orders as Json[]).find(
			(o) => o.emulator.shopId === MIINTO_SHOP_DK && o.status === 'shipped',
		)!;
		await admin('POST', 'seed', { rmas: [{ orderId: shipped.id, reason: 'For lille' }] });
		const rma = ((await state()).rmas as Json[]).at(-1)!;
		const emitted = await rmas();
		expect(emitted).toHaveLength(1);
		expect(JSON.stringify(emitted)).toContain(String(rma.id));
		expect(await rmas()).toBeNull();
	});

	it('Transfer > Decide after a lost answer (the PATCH applied, a 502 came back) reports the positions as decided', async () => {
		const transfer = ((await state()).transfers as Json[]).find(
			(t) => t.emulator.shopId === MIINTO_SHOP_DK && t.pendingPositions.length === 3,
		)!;
		const [a, b, c] = transfer.pendingPositions as Json[];
		await admin('POST', 'faults', {
			kind: 'server-error',
			status: 502,
			method: 'PATCH',
			path: '/order/shops/*/transfers/*',
			phase: 'after',
		});
		const decide = context({
			resource: 'transfer',
			operation: 'decide',
			shopId: MIINTO_SHOP_DK,
			transferId: String(transfer.id),
			decision: 'listed',
			acceptPositionIds: `${a!.id},${b!.id}`,
			declinePositionIds: String(c!.id),
			remaining: 'leave',
		});
		const [result] = (await new Miinto().execute.call(decide.ctx))[0]!.map((i) => i.json as Json);
		const after = ((await state()).transfers as Json[]).find((t) => t.id === transfer.id)!;
		expect(after.acceptedPositions.map((p: Json) => p.id)).toEqual([a!.id, b!.id]);
		expect(after.declinedPositions.map((p: Json) => p.id)).toEqual([c!.id]);
		expect(result!.positions.map((p: Json) => p.result)).toEqual(['applied', 'applied', 'applied']);
		// one PATCH reached Miinto: a decision is not sent twice
		expect((await state()).counters.decisions).toBe(1);
	});
});
