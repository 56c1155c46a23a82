import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { headerValue, type EmulatorRequest } from '../core/http.mts';

/**
 * Miinto's MNT-HMAC-SHA256-1-0 (§2.2), recomputed here from the request as it arrived, with Node's crypto and none of
 * the node's code:
 * - resource = sha256hex(METHOD \n HOST \n PATH \n QUERY): the host without scheme and port, the path and the encoded
 *   query exactly as on the request line (no "?");
 * - header = sha256hex(channelId \n timestamp \n seed \n "MNT-HMAC-SHA256-1-0");
 * - payload = sha256hex(the body bytes; "" without a body);
 * - signature = hex(HMAC-SHA256(key = channel token, resource \n header \n payload)).
 */
export const SIGNATURE_SCHEME = 'MNT-HMAC-SHA256-1-0';

export const AUTH_HEADERS = {
	id: 'miinto-api-auth-id',
	signature: 'miinto-api-auth-signature',
	timestamp: 'miinto-api-auth-timestamp',
	seed: 'miinto-api-auth-seed',
	type: 'miinto-api-auth-type',
} as const;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The parts a signature covers, from the request line, the Host header and the raw body. */
export function signedParts(req: EmulatorRequest): {
	method: string;
	host: string;
	path: string;
	query: string;
	body: Buffer;
} {
	let target = req.target ?? `${req.url.pathname}${req.url.search}`;
	// absolute-form request-target (through a proxy): the path and query as sent, without scheme and authority
	if (/^https?:\/\//i.test(target)) target = target.replace(/^https?:\/\/[^/?#]*/i, '') || '/';
	const at = target.indexOf('?');
	const host = headerValue(req, 'host') ?? req.url.host;
	return {
		method: req.method,
		// `127.0.0.1:4100` -> `127.0.0.1`, `[::1]:4100` -> `[::1]` (what a URL's hostname gives the client)
		host: new URL(`http://${host}`).hostname,
		path: at === -1 ? target : target.slice(0, at),
		query: at === -1 ? '' : target.slice(at + 1),
		body: req.rawBody,
	};
}

export function expectedSignature(
	req: EmulatorRequest,
	channel: { id: string; token: string },
	timestamp: string,
	seed: string,
): string {
	const parts = signedParts(req);
	const resource = sha256(`${parts.method}\n${parts.host}\n${parts.path}\n${parts.query}`);
	const header = sha256(`${channel.id}\n${timestamp}\n${seed}\n${SIGNATURE_SCHEME}`);
	const payload = sha256(parts.body);
	return createHmac('sha256', channel.token)
		.update(`${resource}\n${header}\n${payload}`)
		.digest('hex');
}

export type SignatureCheck =
	| { ok: true; channelId: string }
	| {
			ok: false;
			reason: 'missing' | 'scheme' | 'unknown-channel' | 'timestamp' | 'signature';
			message: string;
	  };

/**
 * Checks the Miinto-Api-Auth-* headers of a request against the channel it names. `fresh` decides whether the
 * timestamp (unix seconds) is within the tolerated skew.
 */
export function checkSignature(
	req: EmulatorRequest,
	channelToken: (channelId: string) => string | undefined,
	fresh: (timestampMs: number) => boolean,
): SignatureCheck {
	const value = (name: string) => headerValue(req, name)?.trim() ?? '';
	const missing = Object.values(AUTH_HEADERS).filter((name) => value(name) === '');
	if (missing.length > 0)
		return {
			ok: false,
			reason: 'missing',
			message: `Missing authentication header(s): ${missing.map(canonical).join(', ')}.`,
		};
	if (value(AUTH_HEADERS.type) !== SIGNATURE_SCHEME)
		return {
			ok: false,
			reason: 'scheme',
			message: `Unsupported Miinto-Api-Auth-Type (expected ${SIGNATURE_SCHEME}).`,
		};
	const channelId = value(AUTH_HEADERS.id);
	const token = channelToken(channelId);
	if (token === undefined)
		return { ok: false, reason: 'unknown-channel', message: 'Unknown channel.' };
	const timestamp = value(AUTH_HEADERS.timestamp);
	if (!/^\d{1,12}$/.test(timestamp) || !fresh(Number(timestamp) * 1000))
		return {
			ok: false,
			reason: 'timestamp',
			message: 'Miinto-Api-Auth-Timestamp is outside the accepted time window.',
		};
	const expected = Buffer.from(
		expectedSignature(req, { id: channelId, token }, timestamp, value(AUTH_HEADERS.seed)),
	);
	const given = Buffer.from(value(AUTH_HEADERS.signature).toLowerCase());
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		return { ok: false, reason: 'signature', message: 'Invalid signature.' };
	return { ok: true, channelId };
}

function canonical(header: string): string {
	return header
		.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`)
		.replace('-Id', '-ID');
}
