import { createHash } from 'crypto';

import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

/**
 * n8n stores the access token a credential's `preAuthentication` fetched together with the credential, and keeps using
 * it until the marketplace answers 401. When a user edits the credential (another secret, another account, another
 * token URL) that old token would go on working, and a credential test would report success for a wrong secret.
 * So each token is stored with a fingerprint of what it was issued for; a token whose fingerprint no longer matches is
 * not sent, the marketplace answers 401, and n8n fetches a new one with the current values.
 */
export const TOKEN_FINGERPRINT_FIELD = 'tokenFingerprint';

export function tokenFingerprint(...parts: unknown[]): string {
	return createHash('sha256')
		.update(parts.map((part) => String(part ?? '')).join('\n'))
		.digest('hex')
		.slice(0, 32);
}

/** The stored token if it was issued for `fingerprint`, otherwise an empty string. */
export function currentToken(
	credentials: ICredentialDataDecryptedObject,
	tokenField: string,
	fingerprint: string,
): string {
	return credentials[TOKEN_FINGERPRINT_FIELD] === fingerprint
		? String(credentials[tokenField] ?? '')
		: '';
}

/**
 * The hidden fields of a credential whose `preAuthentication` fetches a token: the expirable `accessToken` (emptied by
 * n8n to force a new token) and the fingerprint of the values it was issued for.
 */
export const storedTokenProperties: INodeProperties[] = [
	{
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'hidden',
		typeOptions: { expirable: true, password: true },
		default: '',
	},
	{
		displayName: 'Token Fingerprint',
		name: TOKEN_FINGERPRINT_FIELD,
		type: 'hidden',
		default: '',
	},
];
