import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { InputValidator } from '../../../shared/validation';
import { BUILT_IN_CARRIER_ALIASES, TRANSPORTERS } from '../../constants';
import {
	bolClient,
	show,
	transporterOptions,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
} from '../common';
import { lineSelectionProperty, matchOrderItem, openQuantity, parseLineSelection } from '../lines';
import { ORDER_ID_PATTERN, orderIdProperty } from '../order/fields';
import { runSubmitted } from '../outcome';

const display = show('shipment', 'create');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Items',
		name: 'itemsMode',
		type: 'options',
		default: 'allOpen',
		displayOptions: display,
		options: [
			{
				name: 'All Open Items',
				value: 'allOpen',
				description: 'Ship everything of the order that is not shipped or cancelled',
			},
			{ name: 'Listed Items', value: 'list', description: 'Ship the items listed as JSON' },
		],
	},
	lineSelectionProperty(display, 'Ship', 'all that is open'),
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'PostNL',
		description:
			'The carrier as your store names it, or a bol transporter code (TNT, DHL, DPD-NL, ...). Mapped through the Carrier Mapping option; empty: the Default Transporter.',
		displayOptions: display,
	},
	{
		displayName: 'Track and Trace',
		name: 'trackAndTrace',
		type: 'string',
		default: '',
		placeholder: '3SBOL0987654321',
		displayOptions: display,
	},
	{
		displayName: 'Shipment Reference',
		name: 'shipmentReference',
		type: 'string',
		default: '',
		description:
			'Your own reference for the shipment, e.g. the store order or fulfilment number (max 90 characters)',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Carrier Mapping',
			name: 'carrierMapping',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: 'Store carrier names and the bol transporter each one becomes',
			options: [
				{
					displayName: 'Mapping',
					name: 'mapping',
					values: [
						{ displayName: 'Store Carrier', name: 'storeCarrier', type: 'string', default: '' },
						{
							displayName: 'Bol Transporter',
							name: 'transporterCode',
							type: 'options',
							options: transporterOptions,
							default: 'TNT',
						},
					],
				},
			],
		},
		{
			displayName: 'Default Transporter',
			name: 'defaultTransporter',
			type: 'options',
			options: [{ name: 'None (Fail When Unknown)', value: '' }, ...transporterOptions],
			default: '',
			description: 'Used when the carrier is empty or unknown (Koongo "Default Shipping Service")',
		},
		{
			displayName: 'Shipping Label ID',
			name: 'shippingLabelId',
			type: 'string',
			default: '',
			description:
				'For VVB orders: the ID of the label bought from bol. Replaces carrier and track & trace.',
		},
		...waitOptions,
	]),
];

const normalizeCarrier = (name: string) => name.toLowerCase().replace(/[\s_.-]+/g, '');

/** Store carrier -> bol transporter code: code as typed, mapping table, built-in aliases, default. */
export function resolveTransporter(
	carrier: string,
	mapping: Array<{ storeCarrier?: string; transporterCode?: string }>,
	defaultTransporter: string,
): string | undefined {
	const wanted = carrier.trim();
	if (wanted !== '') {
		const code = TRANSPORTERS.find((t) => t.toLowerCase() === wanted.toLowerCase());
		if (code) return code;
		const mapped = mapping.find(
			(m) => m.storeCarrier && normalizeCarrier(m.storeCarrier) === normalizeCarrier(wanted),
		);
		if (mapped?.transporterCode) return mapped.transporterCode;
		const alias = BUILT_IN_CARRIER_ALIASES[normalizeCarrier(wanted)];
		if (alias) return alias;
	}
	return defaultTransporter || undefined;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runSubmitted(this, client, async (i) => {
		const v: InputValidator = validator(this, i);
		const orderId = v.string(
			{ label: 'Order ID', name: 'orderId' },
			this.getNodeParameter('orderId', i),
			ORDER_ID_PATTERN,
		);
		const mode = v.oneOf(
			{ label: 'Items', name: 'itemsMode' },
			this.getNodeParameter('itemsMode', i),
			['allOpen', 'list'],
		);
		const wantedItems =
			mode === 'list'
				? parseLineSelection(v, this.getNodeParameter('items', i), 'Ship')
				: undefined;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const carrier = String(this.getNodeParameter('carrier', i, '') ?? '');
		const trackAndTrace = v.optionalString(
			{ label: 'Track and Trace', name: 'trackAndTrace' },
			this.getNodeParameter('trackAndTrace', i, ''),
			{
				maxLength: 100,
				pattern: /^[A-Za-z0-9][A-Za-z0-9\-_./]*$/,
				patternHint: 'letters, digits and - _ . / without spaces',
			},
		);
		const shipmentReference = v.optionalString(
			{ label: 'Shipment Reference', name: 'shipmentReference' },
			this.getNodeParameter('shipmentReference', i, ''),
			{ maxLength: 90 },
		);
		const shippingLabelId = v.optionalString(
			{ label: 'Shipping Label ID', name: 'options.shippingLabelId' },
			options.shippingLabelId,
			{
				maxLength: 64,
			},
		);
		const mapping = ((options.carrierMapping as IDataObject | undefined)?.mapping ?? []) as Array<{
			storeCarrier?: string;
			transporterCode?: string;
		}>;
		const transporterCode = shippingLabelId
			? undefined
			: resolveTransporter(carrier, mapping, String(options.defaultTransporter ?? ''));
		if (!shippingLabelId && !transporterCode) {
			v.fail(
				{ label: 'Carrier', name: 'carrier' },
				carrier,
				`a bol transporter code (${TRANSPORTERS.join(', ')}), a carrier listed in the Carrier Mapping option, or set a Default Transporter`,
			);
		}
		const wait = waitSettings(this, i);

		// Items named by id with a quantity need no order lookup: bol itself refuses what cannot ship.
		const direct = wantedItems?.every(
			(w) => w.lineId && w.quantity !== undefined && !w.sku && !w.ean,
		);
		let toShip: Array<{ orderItemId: string; quantity: number }>;
		if (direct) {
			toShip = wantedItems!.map((w) => ({ orderItemId: w.lineId!, quantity: w.quantity! }));
		} else {
			const order = await client.getOrder(orderId, i);
			toShip = (
				wantedItems
					? wantedItems.map((wanted) => ({
							item: matchOrderItem(v, orderId, order.orderItems ?? [], wanted, 'Ship'),
							quantity: wanted.quantity,
						}))
					: (order.orderItems ?? [])
							.filter((item) => openQuantity(item) > 0)
							.map((item) => ({ item, quantity: undefined as number | undefined }))
			).map(({ item, quantity }) => {
				const open = openQuantity(item);
				if (open <= 0) {
					v.fail(
						{ label: 'Items to Ship (JSON)', name: 'items' },
						item.orderItemId,
						'items that are neither shipped nor cancelled yet',
					);
				}
				if (quantity !== undefined && quantity > open) {
					v.fail(
						{ label: 'Items to Ship: quantity', name: 'items[].quantity' },
						quantity,
						`at most the open quantity of item ${item.orderItemId} (${open})`,
					);
				}
				return { orderItemId: String(item.orderItemId), quantity: quantity ?? open };
			});
		}
		if (toShip.length === 0) {
			return {
				orderId,
				status: 'nothing_to_ship',
				transporterCode: transporterCode ?? null,
				trackAndTrace: trackAndTrace ?? null,
				lines: [],
			};
		}

		const body: IDataObject = { orderItems: toShip };
		if (shipmentReference) body.shipmentReference = shipmentReference;
		if (shippingLabelId) body.shippingLabelId = shippingLabelId;
		else body.transport = trackAndTrace ? { transporterCode, trackAndTrace } : { transporterCode };

		const initial = await client.createShipment(body, i);
		return {
			what: 'create the shipment',
			requests: [{ lineId: toShip.map((s) => s.orderItemId).join(','), status: initial }],
			wait,
			result: (summary) => ({
				orderId,
				status: summary.status === 'done' ? 'shipped' : 'pending',
				transporterCode: transporterCode ?? null,
				trackAndTrace: trackAndTrace ?? null,
				shipmentReference: shipmentReference ?? null,
				lines: toShip.map((s) => ({ lineId: s.orderItemId, quantity: s.quantity })),
				processStatus: summary.lines[0],
			}),
		};
	});
}
