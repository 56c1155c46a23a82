import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { transferToMarketplaceOrder } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	orderMappingOptions,
	readNumericId,
	readShopId,
	shopIdProperty,
	show,
	transferIdProperty,
} from '../common';

const display = show('transfer', 'get');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...transferIdProperty, displayOptions: display },
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const shopId = readShopId(this, i);
		const transferId = readNumericId(this, i, { label: 'Transfer ID', name: 'transferId' });
		const settings = mappingSettings(this, i);
		return transferToMarketplaceOrder(
			await client.getTransfer(shopId, transferId, i),
			shopId,
			settings,
		) as unknown as IDataObject;
	});
}
