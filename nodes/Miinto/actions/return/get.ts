import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { toMarketplaceReturn } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	readShopId,
	shopIdProperty,
	show,
} from '../common';
import { readRmaId, returnMappingOptions, rmaIdProperty } from './common';

const display = show('return', 'get');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...rmaIdProperty, displayOptions: display },
	optionsCollection(display, returnMappingOptions),
];

/** One RMA, normalized to the shared return model. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const shopId = readShopId(this, i);
		const rmaId = readRmaId(this, i);
		const settings = mappingSettings(this, i);
		return toMarketplaceReturn(
			await client.getRma(shopId, rmaId, i),
			shopId,
			settings,
		) as unknown as IDataObject;
	});
}
