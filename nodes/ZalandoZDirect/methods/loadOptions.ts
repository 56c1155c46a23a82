import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ZalandoClient } from '../transport';

/** The merchant's sales channels by country (one call), with their IDs. */
async function channelOptions(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await ZalandoClient.create(ctx);
	const channels = await client.salesChannels();
	return channels.map((channel) => ({
		name: `${channel.country_name ?? channel.country_code ?? 'Sales channel'}${
			channel.live === false ? ' (not live)' : ''
		}`,
		value: channel.sales_channel_id,
		description: channel.sales_channel_id,
	}));
}

/** The merchant's sales channels (country and id), after an entry for "every live channel" (Stock > Update). */
export async function getSalesChannels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [
		{
			name: 'All Live Sales Channels',
			value: '',
			description: 'The same stock on every live sales channel, one update each',
		},
		...(await channelOptions(this)),
	];
}

/** The merchant's sales channels, for a list filter (no filter: every channel). */
export async function getSalesChannelFilter(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await channelOptions(this);
}
