import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { planEach, runBatch, type BatchOutcome } from '../../../shared/execute';
import { PRODUCT_IDENTIFICATIONS } from '../../mapping';
import { STOCK_BATCH_SIZE, stockItem } from '../../unverified';
import { miintoClient, readShopId, shopIdProperty, show, validator } from '../common';

const display = show('stock', 'update');
const MAX_QUANTITY = 1_000_000;

export const description: INodeProperties[] = [
	{
		...shopIdProperty,
		displayName: 'Location Name or ID',
		description:
			'The shop (unified location ID) whose stock is set. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: display,
	},
	{
		displayName: 'Identify Items By',
		name: 'identification',
		type: 'options',
		default: 'gtin',
		displayOptions: display,
		options: [
			{ name: 'GTIN', value: 'gtin' },
			{ name: 'Miinto Item ID', value: 'miintoItemId' },
			{ name: 'Your Product ID', value: 'productId' },
		],
		description:
			'Which identifier the Item Identifier is (Koongo "Product Identification Attribute")',
	},
	{
		displayName: 'Item Identifier',
		name: 'identifier',
		type: 'string',
		required: true,
		default: '',
		displayOptions: display,
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0 },
		required: true,
		default: 0,
		description: 'Units available to sell',
		displayOptions: display,
	},
	{
		displayName:
			'All input items of a location go out together in one signed call (up to 500 items each). The item payload is not published by Miinto: see the README on unverified payloads.',
		name: 'stockNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

interface Planned {
	itemIndex: number;
	location: string;
	identification: (typeof PRODUCT_IDENTIFICATIONS)[number];
	identifier: string;
	quantity: number;
}

/** Per location, batches of up to `size` with each identifier at most once per batch. */
export function stockBatches(planned: Planned[], size = STOCK_BATCH_SIZE): Planned[][] {
	const batches: Array<{ location: string; entries: Planned[]; keys: Set<string> }> = [];
	for (const entry of planned) {
		const key = `${entry.identification}|${entry.identifier}`;
		let batch = batches.find(
			(b) => b.location === entry.location && b.entries.length < size && !b.keys.has(key),
		);
		if (!batch) {
			batch = { location: entry.location, entries: [], keys: new Set() };
			batches.push(batch);
		}
		batch.entries.push(entry);
		batch.keys.add(key);
	}
	return batches.map((b) => b.entries);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runBatch.call(
		this,
		async (indexes) => {
			const { planned, outcomes } = planEach(indexes, (i): Planned => {
				const v = validator(this, i);
				const identification = v.oneOf(
					{ label: 'Identify Items By', name: 'identification' },
					this.getNodeParameter('identification', i, 'gtin'),
					PRODUCT_IDENTIFICATIONS,
				);
				const identifier =
					identification === 'gtin'
						? v.ean(
								{ label: 'Item Identifier', name: 'identifier' },
								this.getNodeParameter('identifier', i),
							)
						: v.string(
								{ label: 'Item Identifier', name: 'identifier' },
								this.getNodeParameter('identifier', i),
								{ maxLength: 100 },
							);
				return {
					itemIndex: i,
					location: readShopId(this, i),
					identification,
					identifier,
					quantity: v.integer(
						{ label: 'Quantity', name: 'quantity' },
						this.getNodeParameter('quantity', i),
						0,
						MAX_QUANTITY,
					),
				};
			});
			if (planned.length === 0) return outcomes;
			const client = await miintoClient(this);
			for (const batch of stockBatches(planned)) {
				const location = batch[0].location;
				try {
					await client.updateStock(
						location,
						batch.map((p) => stockItem(p.identification, p.identifier, p.quantity)),
						batch[0].itemIndex,
					);
					for (const p of batch)
						outcomes.push({
							itemIndex: p.itemIndex,
							json: {
								locationId: location,
								[p.identification]: p.identifier,
								quantity: p.quantity,
								status: 'sent',
								itemsInCall: batch.length,
							},
						} satisfies BatchOutcome);
				} catch (error) {
					for (const p of batch) outcomes.push({ itemIndex: p.itemIndex, error: error as Error });
				}
			}
			return outcomes;
		},
		'stock updates',
	);
}
