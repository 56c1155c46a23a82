import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { allowedCarriers, carrierMappingRows, resolveCarrier } from '../../../shared/carrier';
import { lineSelectionProperties } from '../../../shared/lines';
import type { InputValidator } from '../../../shared/validation';
import { BOL_CARRIERS } from '../../constants';
import {
	bolClient,
	show,
	transporterOptions,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
} from '../common';
import { readWantedItems, resolveOrderItems } from '../lines';
import { orderIdProperty, readOrderId } from '../order/fields';
import { adoptedRequests, findEarlierRequests, runSubmitted, type Submitted } from '../outcome';

const display = show('shipment', 'create');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	...lineSelectionProperties(display, {
		verb: 'Ship',
		allOpen: 'Ship everything of the order that is not shipped or cancelled',
		identifiers:
			'`lineId` (bol order item ID), `sku` (offer reference) or `ean` (checked before any request) to find the item',
	}),
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'PostNL',
		description:
			"The carrier as your store names it, or a bol transporter code (TNT, DHL, DPD-NL, ...). Tried in this order: the Carrier Mapping option, bol's codes, built-in names (PostNL, DPD, ...), the Default Transporter. Unknown without a default: the item fails before anything is sent.",
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

/**
 * Store carrier -> bol transporter code through the shared resolver (`shared/carrier.ts`): the Carrier Mapping rows,
 * then bol's codes, then the built-in aliases, then the default. Undefined when nothing matches and there is no default.
 */
export function resolveTransporter(
	carrier: string,
	mapping: Array<{ storeCarrier?: string; transporterCode?: string }>,
	defaultTransporter: string,
): string | undefined {
	const rules = mapping
		.filter((m) => m.storeCarrier && m.transporterCode)
		.map((m) => ({ storeCarrier: m.storeCarrier!, carrierCode: m.transporterCode! }));
	return (
		resolveCarrier(carrier, { rules, vocabulary: BOL_CARRIERS, defaultCode: defaultTransporter })
			.carrierCode ?? undefined
	);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runSubmitted(
		this,
		client,
		async (i) => {
			const v: InputValidator = validator(this, i);
			const orderId = readOrderId(v, this.getNodeParameter('orderId', i));
			const wantedItems = readWantedItems(this, v, i, 'Ship');
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
			const carrierMapping = shippingLabelId
				? undefined
				: resolveCarrier(carrier, {
						rules: carrierMappingRows(v, options.carrierMapping, {
							name: 'transporterCode',
							label: 'Bol Transporter',
						}),
						vocabulary: BOL_CARRIERS,
						defaultCode: String(options.defaultTransporter ?? ''),
					});
			const transporterCode = carrierMapping?.carrierCode ?? undefined;
			if (carrierMapping && !transporterCode) {
				v.fail(
					{ label: 'Carrier', name: 'carrier' },
					carrier,
					allowedCarriers(
						BOL_CARRIERS,
						'a carrier listed in the Carrier Mapping option',
						'set a Default Transporter',
					),
				);
			}
			const wait = waitSettings(this, i);

			const { items: toShip, direct } = await resolveOrderItems(
				v,
				client,
				orderId,
				wantedItems,
				'Ship',
				i,
			);
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
			else
				body.transport = trackAndTrace ? { transporterCode, trackAndTrace } : { transporterCode };

			// An earlier request for these items that bol still processes (its answer lost, Retry On Fail or a re-run
			// sends the same input again) is waited for, not sent a second time. A SUCCESS one counts too when the items
			// were named by id: read from the order, a shipped quantity is no longer open and so not selected at all, and
			// an item still open after a SUCCESS has quantity left to ship.
			const earlier = await findEarlierRequests(this, client, i, {
				orderItemIds: toShip.map((s) => s.orderItemId),
				eventType: 'CREATE_SHIPMENT',
				done: 'shipped',
				risk: 'ship it a second time',
				adopt: direct ? ['PENDING', 'SUCCESS'] : ['PENDING'],
			});
			let requests: Submitted['requests'];
			if (earlier.length > 0) {
				requests = adoptedRequests(earlier);
			} else {
				const initial = await client.createShipment(body, i);
				requests = [{ lineId: toShip.map((s) => s.orderItemId).join(','), status: initial }];
			}
			return {
				what: 'create the shipment',
				requests,
				wait,
				result: (summary) => ({
					orderId,
					status: summary.status === 'done' ? 'shipped' : 'pending',
					transporterCode: transporterCode ?? null,
					trackAndTrace: trackAndTrace ?? null,
					shipmentReference: shipmentReference ?? null,
					lines: toShip.map((s) => ({ lineId: s.orderItemId, quantity: s.quantity })),
					processStatus: summary.lines[0],
					...(summary.lines.length > 1 ? { processStatuses: summary.lines } : {}),
					adoptedProcessStatus: earlier.length > 0,
				}),
			};
		},
		'shipments',
	);
}
