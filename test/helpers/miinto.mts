/**
 * Miinto unit-test fixtures: a credential on custom hosts, a node runner, nock'd channels, and an independent check of
 * Miinto's MNT-HMAC-SHA256-1-0 signature (written here with Node's crypto, not with the code under test).
 */
import { createHash, createHmac } from 'node:crypto';

import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { MiintoApi } from '../../credentials/MiintoApi.credentials';
import { Miinto } from '../../nodes/Miinto/Miinto.node.ts';
import { createContext, type ContextOptions } from './context.mts';

export const AUTH = 'http://miinto-auth.test';
export const ORDER = 'http://miinto-order.test';
export const STOCK = 'http://miinto-stock.test';
export const USERNAME = 'boutique-admin';
export const PASSWORD = 'miinto-admin-password-987';
export const SHOP = '1-m!i!s-045-1234';
export const OTHER_SHOP = '1-m!i!s-046-5678';

export function miintoCredentials(extra: Record<string, unknown> = {}) {
	return {
		username: USERNAME,
		password: PASSWORD,
		environment: 'custom',
		authUrl: AUTH,
		orderUrl: ORDER,
		stockUrl: STOCK,
		accessToken: '',
		...extra,
	};
}

export function miintoContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	return createContext({
		credentialType: new MiintoApi(),
		credentials: miintoCredentials(),
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.miinto',
		...extra,
	});
}

export async function runMiinto(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = miintoContext(parameters, extra);
	const output: INodeExecutionData[][] = await new Miinto().execute.call(fake.ctx);
	return { items: output[0], fake };
}

export interface Channel {
	id: string;
	token: string;
}

/** Channels handed out by `mockChannels`, in order. */
export function channel(n: number): Channel {
	return {
		id: `M!t!Ch!v1!0000202044-5d1f44c1d07${n}-32340682${n}`,
		token: `channel-token-${n}-0f9e8d7c6b5a4938`,
	};
}

/**
 * `POST /channels`, `times` times: channel 1, 2, ... with the shops' privileges. Returns the list of channels opened
 * (a test reads its length).
 */
export function mockChannels(times = 1, shops: string[] = [SHOP, OTHER_SHOP], host = AUTH) {
	const opened: Channel[] = [];
	nock(host)
		.post('/channels', { identifier: USERNAME, secret: PASSWORD })
		.times(times)
		.reply(200, () => {
			const next = channel(opened.length + 1);
			opened.push(next);
			return {
				meta: { status: 'success', version: '1.0' },
				data: {
					id: next.id,
					token: next.token,
					data: { accessorId: 202044 },
					privileges: {
						__GLOBAL__: { Store: Object.fromEntries(shops.slice(0, 1).map((s) => [s, ['read']])) },
						dk: { ShopAdmin: Object.fromEntries(shops.slice(1).map((s) => [s, true])) },
					},
				},
			};
		});
	return opened;
}

export interface ArrivedRequest {
	method: string;
	host: string;
	/** Path and query exactly as they arrived. */
	path: string;
	body: string;
	headers: Record<string, string>;
}

/** Records a request as it arrived (inside a nock reply function). */
export function arrived(
	req: { method?: string; path: string; headers: Record<string, unknown> },
	body: unknown,
): ArrivedRequest {
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(req.headers))
		headers[key.toLowerCase()] = String(value);
	return {
		method: String(req.method ?? 'GET'),
		host: String(headers.host ?? '').replace(/:\d+$/, ''),
		path: req.path,
		body:
			body === undefined || body === ''
				? ''
				: typeof body === 'string'
					? body
					: JSON.stringify(body),
		headers,
	};
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Verifies a request's Miinto signature from its parts as they arrived, following Miinto's published algorithm, with
 * the channel the test expects. Returns what is wrong ('' when it is right).
 */
export function signatureProblem(request: ArrivedRequest, expected: Channel): string {
	const h = request.headers;
	if (h['miinto-api-auth-id'] !== expected.id)
		return `Miinto-Api-Auth-ID is ${h['miinto-api-auth-id']}, expected ${expected.id}`;
	if (h['miinto-api-auth-type'] !== 'MNT-HMAC-SHA256-1-0') return 'wrong Miinto-Api-Auth-Type';
	if (h['miinto-api-control-flavour'] !== 'Miinto-Generic')
		return 'wrong Miinto-Api-Control-Flavour';
	if (!/^\d+$/.test(h['miinto-api-auth-timestamp'] ?? '')) return 'no Miinto-Api-Auth-Timestamp';
	if (!h['miinto-api-auth-seed']) return 'no Miinto-Api-Auth-Seed';
	if (Object.keys(h).some((k) => k.startsWith('x-mps-'))) return 'an internal header was sent';
	const [path, query = ''] = request.path.split('?');
	const resource = sha256(`${request.method}\n${request.host}\n${path}\n${query}`);
	const header = sha256(
		`${expected.id}\n${h['miinto-api-auth-timestamp']}\n${h['miinto-api-auth-seed']}\nMNT-HMAC-SHA256-1-0`,
	);
	const payload = sha256(request.body);
	const signature = createHmac('sha256', expected.token)
		.update(`${resource}\n${header}\n${payload}`)
		.digest('hex');
	return h['miinto-api-auth-signature'] === signature ? '' : 'the signature does not match';
}

export function envelope(data: unknown, meta: Record<string, unknown> = {}) {
	return { meta: { status: 'success', version: '2.6', ...meta }, data };
}

export function position(id: number, extra: Record<string, unknown> = {}) {
	return {
		id,
		quantity: 1,
		price: 12995,
		item: {
			gtin: '5701234567899',
			name: 'Wool coat',
			brand: 'Nordic',
			productId: `SKU-${id}`,
			miintoId: `MI-${id}`,
		},
		...extra,
	};
}

export function transfer(id: number, pending: number[], extra: Record<string, unknown> = {}) {
	return {
		id,
		currency: 'DKK',
		createdAt: '2026-11-23T11:15:00+01:00',
		pendingPositions: pending.map((p) => position(p)),
		acceptedPositions: [],
		declinedPositions: [],
		...extra,
	};
}

export function order(id: number, extra: Record<string, unknown> = {}) {
	return {
		id,
		currency: 'dkk',
		parentOrder: { id: 880001, createdAt: '2026-11-23T11:15:00+01:00' },
		acceptedPositions: [
			position(1201, { quantity: 2, price: 12995 }),
			position(1202, {
				price: 4950,
				item: {
					gtin: '5701234567905',
					name: 'Ærmeløs top – «Ø»',
					productId: 'SKU-1202',
					miintoId: 'MI-1202',
				},
			}),
		],
		billingInformation: {
			name: 'Søren Kierkegaard Hansen',
			email: 'soren@example.dk',
			phone: '+4512345678',
			address: { street: 'Nørregade 7', postcode: '1165', city: 'København K', countryCode: 'dk' },
		},
		shippingInformation: {
			deliveryAddress: {
				name: 'Søren Hansen',
				type: 'HomeDelivery',
				address: {
					street: 'Vesterbrogade 1',
					postcode: '1620',
					city: 'København V',
					countryCode: 'DK',
				},
			},
		},
		...extra,
	};
}

export const shopPath = (rest = '') => `/shops/${SHOP}${rest}`;

/** An RMA (return) of order 550001 in the shape of the derived contract ([unverified] fields, see unverified.ts). */
export function rma(id: number, extra: Record<string, unknown> = {}) {
	return {
		id,
		orderId: 550001,
		status: 'pending',
		type: 'rma',
		createdAt: '2026-11-23T11:40:00+01:00',
		reason: 'Too small',
		comment: 'Fits like a size smaller',
		decisionReason: null,
		trackAndTrace: 'RT123456789DK',
		currency: 'DKK',
		positions: [{ id: 1201, quantity: 1, price: 12995, item: position(1201).item }],
		...extra,
	};
}

/** n8n's prepareBinaryData contract (the bytes base64-encoded with name, type and size), for a fake context. */
export function withBinaryHelper<T extends { ctx: { helpers: object } }>(fake: T): T {
	Object.assign(fake.ctx.helpers, {
		prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
			data: data.toString('base64'),
			fileName,
			mimeType,
			fileSize: String(data.length),
		}),
	});
	return fake;
}
