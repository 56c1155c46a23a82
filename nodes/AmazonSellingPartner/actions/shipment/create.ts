import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { getClock } from '../../../shared/clock';
import { runPerItem } from '../../../shared/execute';
import { optionsCollection, show } from '../../../shared/router';
import { carrierMappingRows, resolveCarrier } from '../../../shared/carrier';
import { lineSelectionProperties, readLineSelection, selectLines } from '../../../shared/lines';
import { AMAZON_CARRIERS, CARRIER_CODES } from '../../constants';
import { DEFAULT_AMAZON_MAPPING, toMarketplaceOrder } from '../../mapping';
import { amazonClient, orderDatasets, orderId, orderIdProperty, validator } from '../common';

const display = show('shipment', 'create');

const carrierCodeOptions = CARRIER_CODES.map((value) => ({ name: value, value }));

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	...lineSelectionProperties(display, {
		verb: 'Ship',
		allOpen: 'Ship everything of the order that is not shipped yet',
		identifiers: '`lineId` (Amazon order item ID) or `sku` (Seller SKU)',
	}),
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'DHL',
		description:
			"The carrier as your store names it, or an Amazon carrier code (DHL, UPS, PostNL, ...). Tried in this order: the Carrier Mapping option, Amazon's codes, built-in names (DHL Parcel, Evri, ...), the Default Shipping Service; with Other the carrier is sent as typed as the carrier name.",
		displayOptions: display,
	},
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: display,
	},
	{
		displayName: 'Shipping Method',
		name: 'shippingMethod',
		type: 'string',
		default: '',
		placeholder: 'DHL Paket',
		description:
			'The carrier service, e.g. "DHL Paket" or "UPS Standard". Empty: the Default Order Shipping Method option.',
		displayOptions: display,
	},
	{
		displayName: 'Ship Date',
		name: 'shipDate',
		type: 'dateTime',
		default: '',
		description: 'When the parcel left. Empty: now.',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Carrier Mapping',
			name: 'carrierMapping',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: 'Store carrier names and the Amazon carrier code each one becomes',
			options: [
				{
					name: 'mapping',
					displayName: 'Mapping',
					values: [
						{ displayName: 'Store Carrier', name: 'storeCarrier', type: 'string', default: '' },
						{
							displayName: 'Amazon Carrier Code',
							name: 'carrierCode',
							type: 'string',
							default: '',
							placeholder: 'DHL',
						},
					],
				},
			],
		},
		{
			displayName: 'Carrier Name',
			name: 'carrierName',
			type: 'string',
			default: '',
			description:
				'The carrier name Amazon shows when the carrier code is Other. Empty: the Default Order Shipping Method, else the store carrier.',
		},
		{
			displayName: 'Default Order Shipping Method',
			name: 'defaultShippingMethod',
			type: 'string',
			default: '',
			placeholder: 'DHL DE',
			description:
				'Shipping method when none is given; also the carrier name when the carrier code is Other (Koongo "Default Order Shipping method")',
		},
		{
			displayName: 'Default Shipping Service',
			name: 'defaultCarrierCode',
			type: 'options',
			options: carrierCodeOptions,
			default: 'Other',
			description:
				'Amazon carrier code used when the store\'s carrier matches none (Koongo "Default Shipping service")',
		},
		{
			displayName: 'Package Reference ID',
			name: 'packageReferenceId',
			type: 'string',
			default: '',
			description:
				"Positive number identifying the package within the order. Empty: the order's package count plus one.",
		},
		{
			displayName: 'Ship From Supply Source ID',
			name: 'shipFromSupplySourceId',
			type: 'string',
			default: '',
			description:
				'The supply source (warehouse) the package ships from, when you use supply sources',
		},
	]),
];

const ITEMS_FIELD = {
	label: 'Items to Ship (JSON)',
	name: 'items',
	identifiers: ['lineId', 'sku'],
} as const;

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const id = orderId(this, i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const trackingNumber = v.trackingCode(
			{ label: 'Tracking Number', name: 'trackingNumber' },
			this.getNodeParameter('trackingNumber', i),
		);
		const storeCarrier = String(this.getNodeParameter('carrier', i, '') ?? '').trim();
		const defaultCode = v.string(
			{ label: 'Default Shipping Service', name: 'options.defaultCarrierCode' },
			options.defaultCarrierCode ?? 'Other',
			{ maxLength: 100 },
		);
		const carrierCode = resolveCarrier(storeCarrier, {
			rules: carrierMappingRows(v, options.carrierMapping, {
				name: 'carrierCode',
				label: 'Amazon Carrier Code',
			}),
			vocabulary: AMAZON_CARRIERS,
			defaultCode,
		}).carrierCode!;
		const defaultMethod = v.optionalString(
			{ label: 'Default Order Shipping Method', name: 'options.defaultShippingMethod' },
			options.defaultShippingMethod,
			{ maxLength: 100 },
		);
		const shippingMethod =
			v.optionalString(
				{ label: 'Shipping Method', name: 'shippingMethod' },
				this.getNodeParameter('shippingMethod', i, ''),
				{ maxLength: 100 },
			) ?? defaultMethod;
		const carrierName =
			v.optionalString(
				{ label: 'Carrier Name', name: 'options.carrierName' },
				options.carrierName,
				{ maxLength: 100 },
			) ??
			defaultMethod ??
			(storeCarrier === '' ? undefined : storeCarrier);
		if (carrierCode === 'Other' && !carrierName) {
			v.fail(
				{ label: 'Carrier Name', name: 'options.carrierName' },
				undefined,
				'a carrier name: Amazon needs one when the carrier code is Other (set Carrier, Carrier Name or Default Order Shipping Method)',
			);
		}
		const rawDate = this.getNodeParameter('shipDate', i, '');
		const shipDate = rawDate
			? v.date({ label: 'Ship Date', name: 'shipDate' }, rawDate)
			: new Date(getClock().now());
		const packageReferenceId = v.optionalString(
			{ label: 'Package Reference ID', name: 'options.packageReferenceId' },
			options.packageReferenceId,
			{
				maxLength: 20,
				pattern: /^[1-9]\d*$/,
				patternHint: 'a positive whole number',
			},
		);
		const supplySource = v.optionalString(
			{ label: 'Ship From Supply Source ID', name: 'options.shipFromSupplySourceId' },
			options.shipFromSupplySourceId,
			{ maxLength: 100 },
		);
		const requests = readLineSelection(this, v, i, ITEMS_FIELD);

		const order = await client.getOrder(id, orderDatasets(false), i);
		if (order.fulfillment?.fulfilledBy === 'AMAZON') {
			v.fail(
				{ label: 'Order ID', name: 'orderId' },
				id,
				'a merchant-fulfilled order: Amazon ships FBA orders itself',
			);
		}
		const status = order.fulfillment?.fulfillmentStatus ?? '';
		if (!['UNSHIPPED', 'PARTIALLY_SHIPPED'].includes(status)) {
			v.fail(
				{ label: 'Order ID', name: 'orderId' },
				id,
				`an order that is UNSHIPPED or PARTIALLY_SHIPPED (this one is ${status || 'unknown'}; pending orders cannot ship until Amazon has the payment)`,
			);
		}
		const lines = selectLines(v, toMarketplaceOrder(order, DEFAULT_AMAZON_MAPPING), requests, {
			...ITEMS_FIELD,
			verb: 'ship',
		}).map((line) => ({ orderItemId: line.lineId, quantity: line.quantity }));
		if (lines.length === 0)
			v.fail(
				{ label: 'Items', name: 'itemsMode' },
				'allOpen',
				`an order with open items (order ${id} has none left to ship)`,
			);

		const packageDetail: IDataObject = {
			packageReferenceId: packageReferenceId ?? String((order.packages?.length ?? 0) + 1),
			carrierCode,
			trackingNumber,
			shipDate: shipDate.toISOString(),
			orderItems: lines.map((line) => ({ orderItemId: line.orderItemId, quantity: line.quantity })),
		};
		if (carrierName) packageDetail.carrierName = carrierName;
		if (shippingMethod) packageDetail.shippingMethod = shippingMethod;
		if (supplySource) packageDetail.shipFromSupplySourceId = supplySource;
		await client.confirmShipment(
			id,
			{
				marketplaceId: order.salesChannel?.marketplaceId ?? client.marketplaceIds[0],
				packageDetail,
			},
			i,
		);
		return {
			orderId: id,
			status: 'shipped',
			carrierCode,
			carrierName: carrierName ?? null,
			shippingMethod: shippingMethod ?? null,
			trackingNumber,
			shipDate: packageDetail.shipDate,
			packageReferenceId: packageDetail.packageReferenceId,
			lines: lines.map((line) => ({ lineId: line.orderItemId, quantity: line.quantity })),
		};
	});
}
