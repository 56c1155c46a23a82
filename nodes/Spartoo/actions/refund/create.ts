import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { ORDER_STATUS, RETURN_STATUS } from '../../constants';
import { locatorProperty, readOptionalLocator } from '../../../shared/locators';
import {
	fetchOrder,
	fetchReturns,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	readId,
	RETURN_LOCATOR,
	returnStatusOf,
	setOrderStatus,
	setReturnStatus,
	show,
	spartooClient,
	toMarketplaceOrder,
	toMarketplaceReturn,
	validator,
} from '../common';

const display = show('refund', 'create');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		...locatorProperty({
			...RETURN_LOCATOR,
			required: false,
			description:
				'For a shipped order: the return to accept (pick one of the returns of the last 30 days, or type its ID). Empty: every return of the order waiting to be received or refused.',
		}),
		displayOptions: display,
	},
	{
		displayName:
			'Spartoo has no refund call: Spartoo refunds the buyer itself. Before shipping this cancels the order (status 41); after shipping it accepts the return (status 4), and Spartoo pays the refund. The output says which (`refundedBy`).',
		name: 'refundNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
	optionsCollection(display, mappingOptions),
];

const SHIPPED: readonly number[] = [
	ORDER_STATUS.shipped,
	ORDER_STATUS.lost,
	ORDER_STATUS.failedDelivery,
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const orderId = readId(this, i, 'orderId');
		const returnId = readOptionalLocator(
			v,
			{ label: 'Return ID', name: 'returnId' },
			this.getNodeParameter('returnId', i, ''),
			RETURN_LOCATOR,
		);
		const settings = mappingSettings(this, client, i);
		const record = await fetchOrder(this, client, orderId, i);
		const status = Number(record.order.orders_status_id);
		if (!SHIPPED.includes(status)) {
			// not shipped: cancelling is the refund (41 refunds the buyer); a cancelled order was refunded already
			const { alreadyDone } = await setOrderStatus(
				this,
				client,
				record,
				ORDER_STATUS.cancelled,
				i,
				{
					verb: 'cancelled',
				},
			);
			return {
				...(toMarketplaceOrder(record, settings) as unknown as IDataObject),
				refundedBy: 'cancel',
				alreadyRefunded: alreadyDone,
				message: alreadyDone
					? `Order ${orderId} was already cancelled: Spartoo refunded the buyer then`
					: `Order ${orderId} cancelled before shipping: Spartoo refunds the buyer`,
			};
		}
		const returns = (
			await fetchReturns(client, { oID: orderId }, `list the returns of order ${orderId}`, i)
		).filter((r) => returnId === undefined || r.fields.return_id === returnId);
		if (returns.length === 0)
			return v.fail(
				{ label: returnId ? 'Return ID' : 'Order ID', name: returnId ? 'returnId' : 'orderId' },
				returnId ?? orderId,
				returnId
					? `a return of order ${orderId} (Spartoo lists no return ${returnId} for it)`
					: `an order with a return: order ${orderId} is shipped and Spartoo has no return for it. Spartoo refunds a shipped order only through a return the buyer registers`,
			);
		const handled: IDataObject[] = [];
		for (const r of returns) {
			const current = returnStatusOf(r);
			const acceptable = current === RETURN_STATUS.waiting || current === RETURN_STATUS.refused;
			const done = (
				[RETURN_STATUS.accepted, RETURN_STATUS.paid, RETURN_STATUS.refund] as number[]
			).includes(current);
			if (!acceptable && !done) continue;
			const { alreadyDone } = await setReturnStatus(this, client, r, 4, i, undefined);
			handled.push({
				...(toMarketplaceReturn(r, settings) as unknown as IDataObject),
				alreadyAccepted: alreadyDone,
			});
		}
		return {
			...(toMarketplaceOrder(record, settings) as unknown as IDataObject),
			refundedBy: 'returnAccept',
			alreadyRefunded: handled.length > 0 && handled.every((r) => r.alreadyAccepted === true),
			returns: handled,
			message: `Order ${orderId} is shipped: ${handled.length} return(s) accepted; Spartoo refunds the buyer`,
		};
	});
}
