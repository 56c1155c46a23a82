import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { BOL_API } from '../../nodes/BolRetailer/transport';
import { AMAZON_API, AmazonClient } from '../../nodes/AmazonSellingPartner/transport';
import { marketplaceRequest } from '../../nodes/shared/transport/request';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	CLIENT_SECRET as AMAZON_CLIENT_SECRET,
	LWA_PATH,
	REFRESH_TOKEN,
	S3_BASE,
	amazonContext,
	amazonErrors,
	mockLwa,
	useUnitSetup,
} from '../helpers/amazon.mts';
import { BOL_BASE, CLIENT_ID, CLIENT_SECRET, bolContext } from '../helpers/bol.mts';
import { connectionReset } from '../helpers/nock.mts';

useUnitSetup();

/** Everything a user, a log or n8n's error output could see of an error. */
function visible(error: any): string {
	return [
		String(error),
		JSON.stringify(error),
		error.message,
		error.description,
		JSON.stringify(error.messages ?? null),
		JSON.stringify(error.errorResponse ?? null),
		JSON.stringify(error.context ?? null),
		JSON.stringify(error.cause ?? null),
		error.stack,
	].join('\n');
}

function expectNoSecret(error: unknown, secrets: string[]) {
	expect(error).toBeInstanceOf(Error);
	const text = visible(error);
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
	}
}

const BOL_TOKEN = 'bol-access-token-0123456789';

/** A bol token endpoint that hands out one long token. */
function bolToken() {
	nock(BOL_BASE)
		.post('/token')
		.query(true)
		.reply(200, { access_token: BOL_TOKEN, token_type: 'Bearer', expires_in: 299 });
}

const bolGet = {
	method: 'GET' as const,
	url: `${BOL_BASE}/retailer/orders`,
	headers: { Accept: 'application/vnd.retailer.v10+json' },
	bucket: 'orders:list',
	operation: 'list orders',
};
const once = { maxAttempts: 1, maxWaitMs: 0, scope: 'secrets' };

const PRESIGNED_SECRETS = {
	credential: 'ASIAEXAMPLEKEY1234/20261123/eu-west-1/s3/aws4_request',
	securityToken: 'IQoJb3JpZ2luX2VjEXAMPLE-session-token',
	signature: '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
};
const presignedUrl = (path: string) =>
	`${S3_BASE}${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(
		PRESIGNED_SECRETS.credential,
	)}&X-Amz-Date=20261123T100000Z&X-Amz-Expires=300&X-Amz-Security-Token=${encodeURIComponent(
		PRESIGNED_SECRETS.securityToken,
	)}&X-Amz-SignedHeaders=host&X-Amz-Signature=${PRESIGNED_SECRETS.signature}`;

describe('secrets echoed by servers never reach an error', () => {
	it('a gateway echoing the request headers (x-amz-access-token) in a JSON error body', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(function () {
				const token = String(this.req.headers['x-amz-access-token']);
				return [
					500,
					{
						...amazonErrors(
							'InternalFailure',
							`Upstream failed for headers {"x-amz-access-token":"${token}","accept":"application/json"}`,
							`x-amz-access-token: ${token}`,
						),
						request: { headers: { 'x-amz-access-token': token }, note: `token ${token}` },
					},
				];
			});
		const fake = amazonContext({});
		const client = await AmazonClient.create(fake.ctx, { maxAttempts: 1 });
		const error = await client.getOrder(BR_UNSHIPPED, []).catch((e) => e);
		expect(error.message).toContain('Amazon rejected get order');
		expect(error.message).toContain('InternalFailure');
		expectNoSecret(error, [String(fake.credentials.accessToken)]);
	});

	it("a proxy echoing bol's Authorization header and the bare token as text", async () => {
		bolToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.reply(
				502,
				`Bad gateway. Request was: GET /retailer/orders\nAuthorization: Bearer ${BOL_TOKEN}\nThe token ${BOL_TOKEN} was not forwarded.`,
				{ 'Content-Type': 'text/plain' },
			);
		const { ctx } = bolContext({});
		const error = await marketplaceRequest(ctx, BOL_API, bolGet, once).catch((e) => e);
		expect(error.message).toContain('(502)');
		expectNoSecret(error, [BOL_TOKEN, CLIENT_SECRET]);
		expect(visible(error)).toContain('[redacted]');
	});

	it('an S3 XML error that quotes the pre-signed URL, its security token and signature', async () => {
		const url = presignedUrl('/feed-report');
		nock(S3_BASE)
			.get('/feed-report')
			.query(true)
			.reply(
				403,
				`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired: ${url.replace(/&/g, '&amp;')}</Message><X-Amz-Security-Token>${PRESIGNED_SECRETS.securityToken}</X-Amz-Security-Token><SignatureProvided>${PRESIGNED_SECRETS.signature}</SignatureProvided><AWSAccessKeyId>ASIAEXAMPLEKEY1234</AWSAccessKeyId></Error>`,
				{ 'Content-Type': 'application/xml' },
			);
		const fake = amazonContext({});
		const error = await marketplaceRequest(
			fake.ctx,
			AMAZON_API,
			{
				method: 'GET',
				url,
				authentication: 'none',
				binary: true,
				bucket: 's3:download',
				operation: 'download the report',
			},
			once,
		).catch((e) => e);
		expect(error.message).toContain('AccessDenied: Request has expired');
		expectNoSecret(error, [
			PRESIGNED_SECRETS.securityToken,
			PRESIGNED_SECRETS.signature,
			PRESIGNED_SECRETS.credential,
			'ASIAEXAMPLEKEY1234',
		]);
	});

	it('a pre-signed URL that is not the one requested, quoted in a text body', async () => {
		const other = presignedUrl('/other-document');
		nock(S3_BASE).put('/feed-upload').query(true).reply(400, `Bad upload, try ${other}`);
		const fake = amazonContext({});
		const error = await marketplaceRequest(
			fake.ctx,
			AMAZON_API,
			{
				method: 'PUT',
				url: `${S3_BASE}/feed-upload?X-Amz-Signature=abc`,
				body: 'sku\tquantity',
				authentication: 'none',
				bucket: 's3:upload',
				operation: 'upload the feed document',
			},
			once,
		).catch((e) => e);
		expect(error.message).toContain('(400)');
		expect(error.message).toContain(`${S3_BASE}/other-document?[redacted]`);
		expectNoSecret(error, Object.values(PRESIGNED_SECRETS));
	});

	it('a network error whose message carries the pre-signed URL', async () => {
		const url = presignedUrl('/feed-upload');
		nock(S3_BASE)
			.put('/feed-upload')
			.query(true)
			.replyWithError(connectionReset(`socket hang up (PUT ${url})`));
		const fake = amazonContext({});
		const error = await marketplaceRequest(
			fake.ctx,
			AMAZON_API,
			{
				method: 'PUT',
				url,
				body: 'sku\tquantity',
				authentication: 'none',
				bucket: 's3:upload',
				operation: 'upload the feed document',
			},
			once,
		).catch((e) => e);
		expect(error.message).toContain(
			'upload the feed document failed without a response (ECONNRESET',
		);
		expectNoSecret(error, Object.values(PRESIGNED_SECRETS));
	});

	it('a Restricted Data Token echoed in an error', async () => {
		const rdt = 'Atz.sprdt|restricted-token-value-42';
		mockLwa(2);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(2)
			.reply(function () {
				return [
					403,
					amazonErrors(
						'Unauthorized',
						'Access to requested resource is denied.',
						`The token ${String(this.req.headers['x-amz-access-token'])} is not valid for this resource`,
					),
				];
			});
		const fake = amazonContext({});
		const client = await AmazonClient.create(fake.ctx, { maxAttempts: 1 });
		const error = await client.getOrder(BR_UNSHIPPED, ['buyer'], undefined, rdt).catch((e) => e);
		expect(error.message).toContain('(403)');
		expectNoSecret(error, [rdt, String(fake.credentials.accessToken)]);
	});

	it('a token endpoint echoing the refresh token and the client secret', async () => {
		nock(AMAZON_BASE)
			.post(LWA_PATH)
			.reply(400, {
				error: 'invalid_grant',
				error_description: `refresh token ${REFRESH_TOKEN} was issued to another client than ${AMAZON_CLIENT_SECRET}`,
			});
		const fake = amazonContext({});
		const client = await AmazonClient.create(fake.ctx, { maxAttempts: 1 });
		const error = await client.getOrder(BR_UNSHIPPED, []).catch((e) => e);
		expect(error.message).toContain('rejected the refresh token');
		expectNoSecret(error, [REFRESH_TOKEN, AMAZON_CLIENT_SECRET]);
		expect(visible(error)).not.toContain(CLIENT_ID + ':');
	});
});

describe('a 2xx whose body is not the JSON the call expects', () => {
	it('an HTML page from a proxy is an error (status, content type, the start of the body), retried for a read', async () => {
		bolToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.times(2)
			.reply(
				200,
				`<html><head><title>Proxy login</title></head><body>Session for Authorization: Bearer ${BOL_TOKEN} expired</body></html>`,
				{ 'Content-Type': 'text/html; charset=utf-8' },
			);
		const fake = bolContext({});
		const error = await marketplaceRequest(fake.ctx, BOL_API, bolGet, {
			...once,
			maxAttempts: 2,
			maxWaitMs: 300_000,
		}).catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toContain(
			'list orders: the answer (200, text/html; charset=utf-8) is not the JSON',
		);
		expect(error.message).toContain('<html><head><title>Proxy login</title>');
		expect(error.message).toContain('(2 attempts)');
		expect(fake.http.filter((h) => h.url.includes('/retailer/orders'))).toHaveLength(2);
		expectNoSecret(error, [BOL_TOKEN]);
	});

	it('shows at most 200 characters, and no part of a secret the cut would split', async () => {
		bolToken();
		const page = `<html>${'x'.repeat(185)} ${BOL_TOKEN} ${'y'.repeat(300)}</html>`;
		nock(BOL_BASE).get('/retailer/orders').reply(200, page, { 'Content-Type': 'text/html' });
		const { ctx } = bolContext({});
		const error = await marketplaceRequest(ctx, BOL_API, bolGet, once).catch((e) => e);
		const excerpt = error.message.split('It begins: ')[1];
		expect(excerpt.length).toBeLessThanOrEqual(200);
		expect(excerpt).not.toContain('yyy');
		expect(visible(error)).not.toContain(BOL_TOKEN.slice(0, 8));
	});

	it('truncated JSON is an error, not an empty success', async () => {
		bolToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.reply(200, '{"orders":[{"orderId":"1043946570","orderPlacedDateTime":"2026-11-2', {
				'Content-Type': 'application/vnd.retailer.v10+json',
			});
		const { ctx } = bolContext({});
		const error = await marketplaceRequest(ctx, BOL_API, bolGet, once).catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toContain('(200, application/vnd.retailer.v10+json) is not the JSON');
		expect(error.message).toContain('{"orders":[{"orderId":"1043946570"');
	});

	it('a create answered with an unreadable 202 is not repeated, and says so', async () => {
		bolToken();
		nock(BOL_BASE)
			.post('/retailer/shipments')
			.reply(202, '<html>OK</html>', { 'Content-Type': 'text/html' });
		const fake = bolContext({});
		const error = await marketplaceRequest(
			fake.ctx,
			BOL_API,
			{
				...bolGet,
				method: 'POST',
				url: `${BOL_BASE}/retailer/shipments`,
				body: { orderItems: [] },
				bucket: 'shipments:create',
				operation: 'ship order item 1',
			},
			{ ...once, maxAttempts: 3 },
		).catch((e) => e);
		expect(error.message).toContain('(202, text/html) is not the JSON');
		expect(error.message).toContain('Not retried: the request may have been processed');
		expect(fake.http.filter((h) => h.url.includes('/shipments'))).toHaveLength(1);
	});

	it('an empty 2xx and a binary download are still successes', async () => {
		bolToken();
		nock(BOL_BASE).get('/retailer/orders').reply(204);
		nock(S3_BASE).get('/doc').reply(200, 'sku\tqty\nA\t1\n', { 'Content-Type': 'text/plain' });
		const fake = bolContext({});
		expect((await marketplaceRequest(fake.ctx, BOL_API, bolGet, once)).statusCode).toBe(204);
		const download = await marketplaceRequest(
			fake.ctx,
			BOL_API,
			{
				method: 'GET',
				url: `${S3_BASE}/doc`,
				authentication: 'none',
				binary: true,
				bucket: 's3',
				operation: 'download',
			},
			once,
		);
		expect(Buffer.from(download.body as Uint8Array).toString()).toContain('sku\tqty');
	});
});
