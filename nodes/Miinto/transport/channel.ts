import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { isPassingTokenRefusal, tokenRequestError } from '../../shared/errors';
import { redactSecretValues } from '../../shared/redact';
import { AUTH_API_VERSION } from '../constants';
import { miintoAuthUrl } from './endpoints';
import type { MiintoChannelData, MiintoEnvelope } from './types';

/**
 * Opening a Miinto Communication Channel (MCC): `POST {auth}/channels` with the Miinto Admin username and password
 * (§2.2). Written once for the credential's `preAuthentication` and the client, which opens a new channel when Miinto
 * reports the stored one expired inside a 200 answer (see `transport/index.ts`).
 */
export interface MiintoChannel {
	id: string;
	token: string;
	/** The shop (unified location) ids the channel may act for. */
	shops: string[];
}

export function channelRequest(credentials: ICredentialDataDecryptedObject): {
	url: string;
	body: IDataObject;
	headers: IDataObject;
} {
	return {
		url: `${miintoAuthUrl(credentials)}/channels`,
		body: {
			identifier: String(credentials.username ?? ''),
			secret: String(credentials.password ?? ''),
		},
		headers: { Accept: 'application/json', 'Miinto-Api-Control-Version': AUTH_API_VERSION },
	};
}

/** The shop (unified location) ids a channel's privileges name: `__GLOBAL__.Store` and per-country `ShopAdmin` keys. */
export function channelShops(privileges: unknown): string[] {
	if (privileges === null || typeof privileges !== 'object' || Array.isArray(privileges)) return [];
	const shops = new Set<string>();
	for (const scope of Object.values(privileges as Record<string, unknown>)) {
		if (scope === null || typeof scope !== 'object') continue;
		for (const role of ['Store', 'ShopAdmin']) {
			const map = (scope as Record<string, unknown>)[role];
			if (map !== null && typeof map === 'object' && !Array.isArray(map))
				for (const id of Object.keys(map)) shops.add(id);
		}
	}
	return [...shops];
}

/**
 * The channel of a `POST /channels` answer, or an error that says why there is none. The password is removed from
 * any message Miinto echoes.
 */
export function readChannel(
	statusCode: number,
	body: unknown,
	password: string,
	retryAfter?: string,
): MiintoChannel {
	const envelope = (body ?? {}) as MiintoEnvelope<Partial<MiintoChannelData>> & {
		meta?: { message?: string };
	};
	const data = envelope.data;
	const failed =
		statusCode < 200 ||
		statusCode >= 300 ||
		envelope.meta?.status === 'failure' ||
		typeof data?.id !== 'string' ||
		typeof data?.token !== 'string';
	if (failed) {
		const why = envelope.meta?.message
			? `: ${redactSecretValues(String(envelope.meta.message), [password]).slice(0, 300)}`
			: '';
		// with its status: the node's transport waits out a passing refusal (too many channel requests, the auth service
		// failing) and asks again
		const refusal = { status: statusCode, retryAfter };
		throw tokenRequestError(
			isPassingTokenRefusal(refusal)
				? `Miinto's auth service refused to open a channel for now (HTTP ${statusCode})${why}`
				: [400, 401, 403].includes(statusCode) || envelope.meta?.status === 'failure'
					? `Miinto did not open a channel for this username and password (HTTP ${statusCode})${why}. Check both, and the environment.`
					: `Miinto's auth service answered HTTP ${statusCode} without a channel${why}: check the Auth Base URL`,
			refusal,
		);
	}
	return {
		id: data!.id as string,
		token: data!.token as string,
		shops: channelShops(data!.privileges),
	};
}

/**
 * Internal headers with which the node hands the credential's `authenticate` a channel it opened itself (lower case;
 * `authenticate` removes both before signing). The token header's name contains "token", so the transport's
 * redaction treats its value as a secret.
 */
export const CHANNEL_ID_HEADER = 'x-mps-miinto-channel-id';
export const CHANNEL_TOKEN_HEADER = 'x-mps-miinto-channel-token';
