import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { OperationModule } from '../../../shared/router';
import {
	fetchOrder,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	readId,
	setOrderStatus,
	show,
	spartooClient,
	toMarketplaceOrder,
} from '../common';

/**
 * An order operation that only moves the status (accept, cancel, lost, failed delivery): read the order, check the
 * transition, send `xml_maj_orders`, answer the normalized order with what happened.
 */
export function statusOperation(spec: {
	operation: string;
	target: number;
	verb: string;
	/** The output flag: `accepted`, `cancelled`, ... */
	flag: string;
	refusedWhy?: string;
	notice?: string;
}): OperationModule {
	const display = show('order', spec.operation);
	const description: INodeProperties[] = [
		{ ...orderIdProperty, displayOptions: display },
		...(spec.notice
			? [
					{
						displayName: spec.notice,
						name: `${spec.operation}Notice`,
						type: 'notice',
						default: '',
						displayOptions: display,
					} as INodeProperties,
				]
			: []),
		optionsCollection(display, mappingOptions),
	];
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		const client = await spartooClient(this);
		return await runPerItem.call(this, async (i) => {
			const orderId = readId(this, i, 'orderId');
			const settings = mappingSettings(this, client, i);
			const record = await fetchOrder(this, client, orderId, i);
			const { alreadyDone, confirmation } = await setOrderStatus(
				this,
				client,
				record,
				spec.target,
				i,
				{
					verb: spec.verb,
					refusedWhy: spec.refusedWhy,
				},
			);
			const capitalized = spec.flag.charAt(0).toUpperCase() + spec.flag.slice(1);
			return {
				...(toMarketplaceOrder(record, settings) as unknown as IDataObject),
				[spec.flag]: true,
				[`already${capitalized}`]: alreadyDone,
				spartooAnswer: confirmation,
			};
		});
	}
	return { description, execute };
}
