import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { AmazonSellingPartnerApi } from '../../credentials/AmazonSellingPartnerApi.credentials';
import { AmazonClient, type AmazonContext } from '../../nodes/AmazonSellingPartner/transport';
import { RESTRICTED_DATA_TOKEN_HEADER } from '../../nodes/AmazonSellingPartner/transport/endpoints';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	LWA_PATH,
	amazonCredentials,
	amazonErrors,
	exampleOrder,
	mockLwa,
	useUnitSetup,
} from '../helpers/amazon.mts';
import { n8nContext } from './transport-n8n.mts';

useUnitSetup();

const ORDER_PATH = `/orders/2026-01-01/orders/${BR_UNSHIPPED}`;
const RDT = 'Atz.sprdt|restricted-data-token-1';
const expired = amazonErrors(
	'Unauthorized',
	'Access to requested resource is denied.',
	'The access token you provided has expired.',
);

async function client() {
	const fake = n8nContext(new AmazonSellingPartnerApi(), amazonCredentials());
	return { fake, client: await AmazonClient.create(fake.ctx as unknown as AmazonContext) };
}

/** Answers the order endpoint, recording the x-amz-access-token of every request; 403 "expired" for `refused`. */
function orderEndpoint(times: number, refused: () => string | undefined, seen: string[]) {
	nock(AMAZON_BASE)
		.get(ORDER_PATH)
		.query(true)
		.times(times)
		.reply(function () {
			const token = String(this.req.headers['x-amz-access-token']);
			seen.push(token);
			if (this.req.headers[RESTRICTED_DATA_TOKEN_HEADER] !== undefined)
				return [400, amazonErrors('InvalidInput', 'internal header sent')];
			return token === refused() ? [403, expired] : [200, { order: exampleOrder(BR_UNSHIPPED) }];
		});
}

describe('Amazon access token expiring in the middle of a run (n8n resends the authenticated options)', () => {
	it('the resend after the refresh carries the new token and the item is not lost', async () => {
		mockLwa(2);
		const { fake, client: amazon } = await client();
		const seen: string[] = [];
		const amazonSide: { expired?: string } = {};
		orderEndpoint(3, () => amazonSide.expired, seen);

		await amazon.getOrder(BR_UNSHIPPED, []);
		const first = String(fake.credentials.accessToken);
		// an hour later: Amazon no longer accepts the first token
		amazonSide.expired = first;
		const order = await amazon.getOrder(BR_UNSHIPPED, []);

		expect(order.orderId).toBe(BR_UNSHIPPED);
		expect(fake.preAuthentications).toBe(2);
		const second = String(fake.credentials.accessToken);
		expect(second).not.toBe(first);
		expect(seen).toEqual([first, first, second]);
	});

	it('a call with a Restricted Data Token sends the RDT (not the access token, not the internal header), on the resend too', async () => {
		mockLwa(2);
		const { fake, client: amazon } = await client();
		const seen: string[] = [];
		let refused: string | undefined = RDT;
		nock(AMAZON_BASE)
			.get(ORDER_PATH)
			.query(true)
			.times(2)
			.reply(function () {
				const token = String(this.req.headers['x-amz-access-token']);
				seen.push(token);
				if (this.req.headers[RESTRICTED_DATA_TOKEN_HEADER] !== undefined)
					return [400, amazonErrors('InvalidInput', 'internal header sent')];
				if (token === refused) {
					refused = undefined;
					return [403, expired];
				}
				return [200, { order: exampleOrder(BR_UNSHIPPED) }];
			});
		const order = await amazon.getOrder(BR_UNSHIPPED, ['buyer'], undefined, RDT);
		expect(order.orderId).toBe(BR_UNSHIPPED);
		expect(seen).toEqual([RDT, RDT]);
		expect(
			fake.sent.filter((r) => r.url.includes('/orders/')).map((r) => Object.keys(r.headers)),
		).not.toContainEqual(expect.arrayContaining([RESTRICTED_DATA_TOKEN_HEADER]));
	});

	it('the LWA token request has a timeout', async () => {
		mockLwa(1);
		const { fake, client: amazon } = await client();
		nock(AMAZON_BASE)
			.get(ORDER_PATH)
			.query(true)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		await amazon.getOrder(BR_UNSHIPPED, []);
		expect(fake.sent.find((r) => r.url.endsWith(LWA_PATH))!.timeout).toBe(60_000);
	});
});
