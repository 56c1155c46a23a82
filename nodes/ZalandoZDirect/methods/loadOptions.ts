import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ZalandoClient } from '../transport';

/** The merchant's sales channels (country and id), after an entry for "every live channel". */
export async function getSalesChannels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const client = await ZalandoClient.create(this);
	const channels = await client.salesChannels();
	return [
		{
			name: 'All Live Sales Channels',
			value: '',
			description: 'The same stock on every live sales channel, one update each',
		},
		...channels.map((channel) => ({
			name: `${channel.country_name ?? channel.country_code ?? 'Sales channel'}${
				channel.live === false ? ' (not live)' : ''
			}`,
			value: channel.sales_channel_id,
			description: channel.sales_channel_id,
		})),
	];
}
