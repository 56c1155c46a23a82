import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { LABEL_TYPES, SHIPPING_LABEL_PROCESS } from '../../constants';
import type { BolDeliveryOption } from '../../transport';
import {
	bolClient,
	optionsCollection,
	show,
	validator,
	waitOptions,
	waitSettings,
} from '../common';
import { readWantedItems, resolveOrderItems } from '../lines';
import { readOrderId } from '../order/fields';
import { adoptedRequests, findEarlierRequests, runSubmitted, type Submitted } from '../outcome';
import { readLocator } from '../../../shared/locators';
import {
	chooseOption,
	labelItemProperties,
	labelOption,
	OFFER_LOCATOR,
	offerIdProperty,
} from './fields';

const display = show('shippingLabel', 'create');
const CHOICES = ['recommended', 'cheapest', 'offerId'] as const;

export const description: INodeProperties[] = [
	...labelItemProperties(display, 'Label'),
	{
		displayName: 'Label',
		name: 'labelChoice',
		type: 'options',
		default: 'recommended',
		displayOptions: display,
		options: [
			{
				name: 'Cheapest',
				value: 'cheapest',
				description: 'The cheapest label bol offers for the items (within the options below)',
			},
			{
				name: 'Offer ID From Get Delivery Options',
				value: 'offerId',
				description: 'The label you chose from Shipping Label > Get Delivery Options',
			},
			{
				name: 'Recommended by Bol',
				value: 'recommended',
				description:
					'The label bol recommends for the items; when it recommends none of those allowed below, the cheapest of them',
			},
		],
	},
	{ ...offerIdProperty, displayOptions: { show: { ...display.show, labelChoice: ['offerId'] } } },
	optionsCollection(display, [
		{
			displayName: 'Allow Labels with a Strike Risk',
			name: 'allowStrikeRisk',
			type: 'boolean',
			default: false,
			description:
				'Whether a label that bol says would deliver too early or too late (a strike on your performance score) may be chosen. Off: such labels are left out. Not used with an offer ID.',
		},
		{
			displayName: 'Buy Another Label for Labelled Items',
			name: 'anotherLabel',
			type: 'boolean',
			default: false,
			description:
				'Whether to buy a label even when one was bought for these items in the last 15 minutes (a second parcel, a damaged label). Off: that earlier label is returned, none is bought, so a retry or a re-run never pays twice.',
		},
		{
			displayName: 'Label Type',
			name: 'labelType',
			type: 'options',
			default: '',
			description: 'Only labels of this type (not used with an offer ID)',
			options: [
				{ name: 'Any', value: '' },
				{ name: 'Mailbox (With Delivery Scan)', value: 'MAILBOX' },
				{ name: 'Mailbox Light (Without Delivery Scan)', value: 'MAILBOX_LIGHT' },
				{ name: 'Parcel', value: 'PARCEL' },
			],
		},
		...waitOptions,
	]),
];

/**
 * Buys a bol shipping label (VVB) for order items: the items are checked (the order is read unless they are named by
 * id with a quantity), bol is asked whether a label was bought for them in the last 15 minutes (`findEarlierRequests`;
 * that one is waited for and returned instead of buying again), then the label is chosen from bol's delivery options
 * and bought. bol processes the purchase asynchronously: the label's id comes with the finished process status
 * (`SHIPPING_LABEL_PROCESS`, unverified). Money moves here, so nothing is sent before every check has passed.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runSubmitted(
		this,
		client,
		async (i) => {
			const v = validator(this, i);
			const orderId = readOrderId(v, this.getNodeParameter('orderId', i));
			const wanted = readWantedItems(this, v, i, 'Label');
			const pick = v.oneOf(
				{ label: 'Label', name: 'labelChoice' },
				this.getNodeParameter('labelChoice', i),
				CHOICES,
			);
			const offerId =
				pick === 'offerId'
					? readLocator(
							v,
							{ label: 'Shipping Label Offer ID', name: 'shippingLabelOfferId' },
							this.getNodeParameter('shippingLabelOfferId', i),
							OFFER_LOCATOR,
						)
					: undefined;
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const labelType =
				options.labelType === undefined || options.labelType === ''
					? undefined
					: v.oneOf(
							{ label: 'Label Type', name: 'options.labelType' },
							options.labelType,
							LABEL_TYPES,
						);
			const wait = waitSettings(this, i);

			const { items } = await resolveOrderItems(v, client, orderId, wanted, 'Label', i);
			const lines = items.map((item) => ({ lineId: item.orderItemId, quantity: item.quantity }));
			if (items.length === 0)
				return { orderId, status: 'nothing_to_label', shippingLabelId: null, lines };

			const earlier =
				options.anotherLabel === true
					? []
					: await findEarlierRequests(this, client, i, {
							orderItemIds: items.map((item) => item.orderItemId),
							eventType: SHIPPING_LABEL_PROCESS.eventType,
							done: 'given a label',
							risk: 'buy a second label for it',
							adopt: ['PENDING', 'SUCCESS'],
							entityBecomesResult: SHIPPING_LABEL_PROCESS.entityBecomesResult,
						});
			let requests: Submitted['requests'];
			let chosen: BolDeliveryOption | undefined;
			if (earlier.length > 0) {
				requests = adoptedRequests(earlier);
			} else {
				chosen =
					offerId === undefined
						? chooseOption(v, await client.getDeliveryOptions(items, i), {
								pick: pick as 'recommended' | 'cheapest',
								labelType,
								allowStrikeRisk: options.allowStrikeRisk === true,
							})
						: undefined;
				const initial = await client.createShippingLabel(
					items,
					chosen?.shippingLabelOfferId ?? offerId!,
					i,
				);
				requests = [{ lineId: items.map((item) => item.orderItemId).join(','), status: initial }];
			}
			return {
				what: 'buy the shipping label',
				requests,
				wait,
				result: (summary) => {
					const labelIds = summary.statuses
						.map((status) => SHIPPING_LABEL_PROCESS.labelId(status))
						.filter((id): id is string => id !== null);
					return {
						orderId,
						status: summary.status === 'done' ? 'created' : 'pending',
						shippingLabelId: labelIds[0] ?? null,
						...(labelIds.length > 1 ? { shippingLabelIds: labelIds } : {}),
						shippingLabelOfferId: chosen?.shippingLabelOfferId ?? offerId ?? null,
						label: chosen ? labelOption(chosen) : null,
						lines,
						processStatus: summary.lines[0],
						...(summary.lines.length > 1 ? { processStatuses: summary.lines } : {}),
						adoptedProcessStatus: earlier.length > 0,
					};
				},
			};
		},
		'shipping labels',
	);
}
