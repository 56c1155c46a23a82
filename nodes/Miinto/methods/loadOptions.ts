import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { MiintoClient } from '../transport';

/** Shops whose names are looked up for the list; beyond this the IDs are shown alone. */
const NAMED_SHOPS = 25;

/**
 * The shops (unified locations) the channel's privileges name, with their names from `GET /shops/{shopId}` (Koongo's
 * "Get Available Stores"). A shop whose name cannot be read is listed as "Not available", as public clients show it.
 */
export async function getShops(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await MiintoClient.create(this);
	const shops = await client.shops();
	const options: INodePropertyOptions[] = [];
	for (const [index, id] of shops.entries()) {
		let name: string | undefined;
		if (index < NAMED_SHOPS) {
			try {
				const shop = await client.getShop(id);
				name =
					typeof shop?.name === 'string' && shop.name.trim() !== '' ? shop.name.trim() : undefined;
			} catch {
				name = undefined;
			}
		}
		options.push({ name: `${name ?? 'Not available'} (${id})`, value: id });
	}
	return options;
}
