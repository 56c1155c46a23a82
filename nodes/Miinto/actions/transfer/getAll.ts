import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { mapAsync, take } from '../../../shared/paging';
import { transferToMarketplaceOrder } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	orderMappingOptions,
	readShopId,
	shopIdProperty,
	show,
	validator,
} from '../common';

const display = show('transfer', 'getAll');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	...returnAllProperties('transfer', 'getAll', 1000),
	optionsCollection(display, orderMappingOptions),
];

/** Pending transfers of a shop, newest first, each as a normalized order in status `pending`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const shopId = readShopId(this, i);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? 0
			: validator(this, i).integer(
					{ label: 'Limit', name: 'limit' },
					this.getNodeParameter('limit', i),
					1,
					1000,
				);
		const settings = mappingSettings(this, i);
		const mapped = mapAsync(client.pendingTransfers(shopId, i), async (transfer) =>
			transferToMarketplaceOrder(transfer, shopId, settings),
		);
		return (await take(mapped, returnAll, limit)) as unknown as IDataObject[];
	});
}
