import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { marketplaceName } from '../constants';
import { AMAZON_CREDENTIAL } from '../transport';
import { credentialMarketplaceIds } from '../transport/endpoints';

/**
 * The credential's marketplaces by name (marketplace ID -> country), read from the credential alone (no request),
 * after an entry for "all of them" (the empty value the operations read as the credential's marketplaces).
 */
export async function getMarketplaces(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const credentials = await this.getCredentials(AMAZON_CREDENTIAL);
	return [
		{
			name: "All of the Credential's Marketplaces",
			value: '',
			description: 'Each marketplace of the credential, one update each',
		},
		...credentialMarketplaceIds(credentials).map((id) => ({
			name: marketplaceName(id),
			value: id,
			description: id,
		})),
	];
}
