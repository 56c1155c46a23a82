import type { IDataObject } from 'n8n-workflow';

import { hmacSha256Hex, sha256Hex, type SignedParts } from '../../shared/signing';
import { SIGNATURE_SCHEME, CONTROL_FLAVOUR } from '../constants';

/**
 * Miinto's MNT-HMAC-SHA256-1-0 signature, as Miinto's own SDK computes it:
 * - resource = sha256hex(METHOD \n HOST \n PATH \n QUERY)
 * - header = sha256hex(channelId \n timestamp \n seed \n "MNT-HMAC-SHA256-1-0")
 * - payload = sha256hex(body bytes; "" without a body)
 * - signature = hex(HMAC-SHA256(key = channel token, resource \n header \n payload))
 */
export function miintoSignature(
	parts: SignedParts,
	channel: { id: string; token: string },
	timestamp: string,
	seed: string,
): string {
	const resource = sha256Hex(`${parts.method}\n${parts.host}\n${parts.path}\n${parts.query}`);
	const header = sha256Hex(`${channel.id}\n${timestamp}\n${seed}\n${SIGNATURE_SCHEME}`);
	const payload = sha256Hex(parts.body);
	return hmacSha256Hex(channel.token, `${resource}\n${header}\n${payload}`);
}

/** The headers of a signed call. `version`: the API's `Miinto-Api-Control-Version`. */
export function miintoAuthHeaders(
	parts: SignedParts,
	channel: { id: string; token: string },
	version: string,
	timestamp: string,
	seed: string,
): IDataObject {
	return {
		'Miinto-Api-Auth-ID': channel.id,
		'Miinto-Api-Auth-Signature': miintoSignature(parts, channel, timestamp, seed),
		'Miinto-Api-Auth-Timestamp': timestamp,
		'Miinto-Api-Auth-Seed': seed,
		'Miinto-Api-Auth-Type': SIGNATURE_SCHEME,
		'Miinto-Api-Control-Flavour': CONTROL_FLAVOUR,
		'Miinto-Api-Control-Version': version,
	};
}
