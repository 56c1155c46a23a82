/**
 * The Miinto node's transport as a user sees it: one channel per run, every request signed (checked here with an
 * independent implementation of Miinto's algorithm), offset/limit paging to `totalItemCount`, an expired channel
 * (401, or `meta.status: failure` in a 200) replaced once and the call resent, a second failure a clear error, and no
 * secret in any error or output.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { getShops } from '../../../nodes/Miinto/methods/loadOptions';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	AUTH,
	ORDER,
	OTHER_SHOP,
	PASSWORD,
	SHOP,
	arrived,
	channel,
	envelope,
	miintoContext,
	mockChannels,
	runMiinto,
	shopPath,
	signatureProblem,
	transfer,
	type ArrivedRequest,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

const listTransfers = { resource: 'transfer', operation: 'getAll', shopId: SHOP, options: {} };

/** Pending transfers 1..total served in pages by offset/limit; `answer` may replace a page's answer. */
function servePendingTransfers(
	total: number,
	seen: ArrivedRequest[],
	answer?: (n: number, request: ArrivedRequest) => [number, unknown] | undefined,
) {
	nock(ORDER)
		.get(shopPath('/transfers'))
		.query(true)
		.times(50)
		.reply(function (_uri, body) {
			const request = arrived(this.req, body);
			seen.push(request);
			const replaced = answer?.(seen.length, request);
			if (replaced) return replaced;
			const query = new URL(`http://x${request.path}`).searchParams;
			const offset = Number(query.get('offset'));
			const limit = Number(query.get('limit'));
			const data = [];
			for (let id = offset + 1; id <= Math.min(total, offset + limit); id++)
				data.push(transfer(id, [id * 10]));
			return [200, envelope(data, { totalItemCount: total })];
		});
}

/** Every secret the run used: the password, the channel tokens, every signature sent. */
function secretsOf(seen: ArrivedRequest[], channels = 2): string[] {
	return [
		PASSWORD,
		...Array.from({ length: channels }, (_, n) => channel(n + 1).token),
		...seen.map((r) => r.headers['miinto-api-auth-signature']).filter(Boolean),
	];
}

function textOf(error: unknown): string {
	const e = error as { message?: string; description?: string };
	return `${e.message} ${e.description} ${JSON.stringify(error)}`;
}

describe('Miinto channel and signatures', () => {
	it('opens one channel for the whole run and signs every request with it, over the exact path and query', async () => {
		const opened = mockChannels(1);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(120, seen);
		const { items } = await runMiinto(
			{ ...listTransfers, returnAll: true },
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(opened).toHaveLength(1);
		// two input items, three pages each (50 + 50 + 20 = totalItemCount)
		expect(items).toHaveLength(240);
		expect(items.map((i) => i.pairedItem)).toEqual([
			...Array(120).fill({ item: 0 }),
			...Array(120).fill({ item: 1 }),
		]);
		expect(seen.map((r) => r.path)).toEqual(
			[0, 50, 100, 0, 50, 100].map(
				(offset) =>
					`${shopPath('/transfers')}?status%5B%5D=pending&sort=-createdAt&limit=50&offset=${offset}`,
			),
		);
		for (const request of seen) {
			expect(signatureProblem(request, channel(1))).toBe('');
			expect(request.headers['miinto-api-control-version']).toBe('2.6');
		}
	});

	it('stops reading pages at the limit', async () => {
		mockChannels(1);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(500, seen);
		const { items } = await runMiinto({ ...listTransfers, returnAll: false, limit: 60 });
		expect(items).toHaveLength(60);
		expect(seen).toHaveLength(2);
	});

	it('a 401 (channel expired) opens a new channel once and resends the call with it', async () => {
		const opened = mockChannels(2);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(3, seen, (n) =>
			n === 1 ? [401, { meta: { status: 'failure', message: 'Channel expired' } }] : undefined,
		);
		const { items } = await runMiinto({ ...listTransfers, returnAll: true });
		expect(items.map((i) => i.json.orderId)).toEqual(['1', '2', '3']);
		expect(opened).toHaveLength(2);
		expect(seen).toHaveLength(2);
		expect(signatureProblem(seen[0], channel(1))).toBe('');
		expect(signatureProblem(seen[1], channel(2))).toBe('');
	});

	it('a 200 with meta.status "failure" opens a new channel once, resends, and signs the rest of the run with it', async () => {
		const opened = mockChannels(2);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(70, seen, (n) =>
			n === 1 ? [200, { meta: { status: 'failure', message: 'Token expired' } }] : undefined,
		);
		const { items } = await runMiinto({ ...listTransfers, returnAll: true });
		expect(items).toHaveLength(70);
		expect(opened).toHaveLength(2);
		// the failed call, its resend, the second page
		expect(seen).toHaveLength(3);
		expect(seen[0].path).toBe(seen[1].path);
		expect(signatureProblem(seen[0], channel(1))).toBe('');
		expect(signatureProblem(seen[1], channel(2))).toBe('');
		expect(signatureProblem(seen[2], channel(2))).toBe('');
	});

	it('a second 401 after a new channel is a clear error without secrets', async () => {
		const opened = mockChannels(2);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(3, seen, () => [
			401,
			{ meta: { status: 'failure', message: `invalid signature for ${PASSWORD}` } },
		]);
		const error = await runMiinto({ ...listTransfers, returnAll: true }).catch((e: unknown) => e);
		expect(opened).toHaveLength(2);
		expect(seen).toHaveLength(2);
		const text = textOf(error);
		expect((error as Error).message).toMatch(/Miinto rejected list pending transfers .*\(401\)/);
		expect((error as Error).message).toMatch(
			/also after a new channel was opened: check the username, password and environment/,
		);
		for (const secret of secretsOf(seen)) expect(text).not.toContain(secret);
	});

	it("a second failure envelope is a clear error naming Miinto's message, without secrets", async () => {
		const opened = mockChannels(2);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(3, seen, () => [
			200,
			{ meta: { status: 'failure', message: `Shop not allowed (secret ${PASSWORD})` } },
		]);
		const error = await runMiinto({ ...listTransfers, returnAll: true }).catch((e: unknown) => e);
		expect(opened).toHaveLength(2);
		expect(seen).toHaveLength(2);
		expect((error as Error).message).toMatch(
			/^Miinto refused list pending transfers of shop 1-m!i!s-045-1234 \(offset 0\): Shop not allowed/,
		);
		expect((error as Error).message).toMatch(/also after a new channel was opened/);
		for (const secret of secretsOf(seen)) expect(textOf(error)).not.toContain(secret);
	});

	it('a refused new channel (after a failure envelope) is a clear error without the password', async () => {
		const opened = mockChannels(1);
		nock(AUTH)
			.post('/channels')
			.reply(403, { meta: { status: 'failure', message: `account locked for ${PASSWORD}` } });
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(3, seen, () => [200, { meta: { status: 'failure' } }]);
		const error = await runMiinto({ ...listTransfers, returnAll: true }).catch((e: unknown) => e);
		expect(opened).toHaveLength(1);
		expect(seen).toHaveLength(1);
		expect((error as Error).message).toMatch(
			/^Miinto did not open a channel for this username and password \(HTTP 403\): account locked for \[redacted\]/,
		);
		for (const secret of secretsOf(seen, 1)) expect(textOf(error)).not.toContain(secret);
	});

	it("names Miinto's error and keeps the password, tokens and signatures out of errors and Continue On Fail output", async () => {
		mockChannels(1);
		const seen: ArrivedRequest[] = [];
		servePendingTransfers(3, seen, (_n, request) => [
			400,
			{
				meta: {
					status: 'failure',
					message: `Bad request: token ${channel(1).token}, signature ${request.headers['miinto-api-auth-signature']}, password ${PASSWORD}`,
				},
			},
		]);
		const error = await runMiinto({ ...listTransfers, returnAll: true }).catch((e: unknown) => e);
		expect((error as Error).message).toMatch(
			/^Miinto rejected list pending transfers .*\(400\): Bad request/,
		);
		for (const secret of secretsOf(seen, 1)) expect(textOf(error)).not.toContain(secret);

		mockChannels(1);
		const again: ArrivedRequest[] = [];
		servePendingTransfers(3, again, (_n, request) => [
			400,
			{
				meta: {
					status: 'failure',
					message: `echo ${request.headers['miinto-api-auth-signature']} ${PASSWORD}`,
				},
			},
		]);
		const { items } = await runMiinto(
			{ ...listTransfers, returnAll: true },
			{ continueOnFail: true },
		);
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/Miinto rejected/);
		for (const secret of secretsOf(again, 1)) expect(JSON.stringify(items)).not.toContain(secret);
	});

	it('a refused username and password is explained without the password, before any order call', async () => {
		nock(AUTH)
			.post('/channels')
			.reply(403, { meta: { status: 'failure', message: `wrong secret ${PASSWORD}` } });
		const error = await runMiinto({ ...listTransfers, returnAll: true }).catch((e: unknown) => e);
		expect((error as Error).message).toMatch(
			/did not open a channel for this username and password/,
		);
		expect(textOf(error)).not.toContain(PASSWORD);
	});
});

describe('Miinto shop list (load options)', () => {
	it("lists the channel's shops with their names, opening the channel first when none is stored", async () => {
		const opened = mockChannels(1);
		const seen: ArrivedRequest[] = [];
		nock(AUTH)
			.get('/status')
			.reply(function (_uri, body) {
				seen.push(arrived(this.req, body));
				return [200, { name: 'auth-service', status: 'OK' }];
			});
		nock(ORDER)
			.get(`/shops/${SHOP}`)
			.reply(function (_uri, body) {
				seen.push(arrived(this.req, body));
				return [200, envelope({ id: SHOP, name: 'Boutique København' })];
			})
			.get(`/shops/${OTHER_SHOP}`)
			.reply(404, { meta: { status: 'failure', message: 'not found' } });
		const fake = miintoContext({});
		const options = await getShops.call(fake.ctx as never);
		expect(options).toEqual([
			{ name: `Boutique København (${SHOP})`, value: SHOP },
			{ name: `Not available (${OTHER_SHOP})`, value: OTHER_SHOP },
		]);
		expect(opened).toHaveLength(1);
		// the auth service is asked with its own API version
		expect(seen[0].headers['miinto-api-control-version']).toBe('1.0');
		for (const request of seen) expect(signatureProblem(request, channel(1))).toBe('');
	});
});
