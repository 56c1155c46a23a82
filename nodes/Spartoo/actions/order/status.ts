import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { MarketplaceOrder } from '../../../shared/model';
import type { OperationModule } from '../../../shared/router';
import { ORDER_TRANSITIONS } from '../../constants';
import {
	fetchOrder,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	orderStatusOf,
	readId,
	setOrderStatus,
	show,
	spartooClient,
	toMarketplaceOrder,
} from '../common';

export interface StatusGate {
	read: (ctx: IExecuteFunctions, i: number) => unknown;
	decide: (plan: unknown, order: MarketplaceOrder) => { send: boolean; output: IDataObject };
}

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
	/** More parameters, shown after Order ID. */
	properties?: INodeProperties[];
	/**
	 * A gate before the status is sent: `read` checks its parameters before any request, `decide` sees the order as
	 * Spartoo sent it (still in a status the transition starts from) and says whether to send, with what to add to the
	 * output.
	 */
	gate?: StatusGate;
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
		...(spec.properties ?? []).map((p) => ({
			...p,
			displayOptions: { show: { ...display.show, ...(p.displayOptions?.show ?? {}) } },
		})),
		optionsCollection(display, mappingOptions),
	];
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		const client = await spartooClient(this);
		return await runPerItem.call(this, async (i) => {
			const orderId = readId(this, i, 'orderId');
			const settings = mappingSettings(this, client, i);
			const plan = spec.gate?.read(this, i);
			const record = await fetchOrder(this, client, orderId, i);
			const capitalized = spec.flag.charAt(0).toUpperCase() + spec.flag.slice(1);
			const current = orderStatusOf(record);
			const gate =
				spec.gate && (ORDER_TRANSITIONS[spec.target] ?? []).includes(current)
					? spec.gate.decide(plan, toMarketplaceOrder(record, settings))
					: undefined;
			if (gate && !gate.send)
				return {
					...(toMarketplaceOrder(record, settings) as unknown as IDataObject),
					[spec.flag]: false,
					[`already${capitalized}`]: false,
					...gate.output,
				};
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
			return {
				...(toMarketplaceOrder(record, settings) as unknown as IDataObject),
				[spec.flag]: true,
				[`already${capitalized}`]: alreadyDone,
				...(gate?.output ?? {}),
				spartooAnswer: confirmation,
			};
		});
	}
	return { description, execute };
}
