import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	allowedCarriers,
	carrierMappingRows,
	normalizeCarrierName,
	resolveCarrier,
	type CarrierVocabulary,
} from '../../../shared/carrier';
import { runPerItem } from '../../../shared/execute';
import type { InputValidator } from '../../../shared/validation';
import { NUMERIC_ID } from '../../constants';
import type { MiintoShippingProvider } from '../../transport';
import { POSITION_TRACKING_FIELD } from '../../unverified';
import {
	miintoClient,
	optionsCollection,
	orderIdProperty,
	readNumericId,
	readShopId,
	shopIdProperty,
	show,
	validator,
} from '../common';

const display = show('shipment', 'create');
const listed = { show: { ...display.show, positions: ['listed'] } };

export const POSITION_CHOICES = ['all', 'listed'] as const;

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'e.g. PostNord',
		displayOptions: display,
		description:
			"The store's carrier name, or a Miinto shipping provider name or ID. It must become one of the providers Miinto allows for the order (see the Carrier Mapping and Default Shipping Service options).",
	},
	{
		displayName: 'Track & Trace',
		name: 'trackAndTrace',
		type: 'string',
		required: true,
		default: '',
		displayOptions: display,
		description: 'The tracking code of the parcel',
	},
	{
		displayName: 'Positions',
		name: 'positions',
		type: 'options',
		default: 'all',
		displayOptions: display,
		options: [
			{ name: 'All Positions of the Order', value: 'all' },
			{ name: 'Listed Positions', value: 'listed' },
		],
	},
	{
		displayName: 'Position IDs',
		name: 'positionIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1201,1202',
		displayOptions: listed,
		description: 'Comma-separated position IDs (`lines[].lineId` of the normalized order)',
	},
	optionsCollection(display, [
		{
			displayName: 'Carrier Mapping',
			name: 'carrierMapping',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: 'Store carrier names and the Miinto shipping provider (name or ID) each becomes',
			options: [
				{
					displayName: 'Mapping',
					name: 'mapping',
					values: [
						{ displayName: 'Store Carrier', name: 'storeCarrier', type: 'string', default: '' },
						{
							displayName: 'Miinto Shipping Provider',
							name: 'provider',
							type: 'string',
							default: '',
							description: 'The provider name or ID, as Miinto lists it for your orders',
						},
					],
				},
			],
		},
		{
			displayName: 'Default Shipping Service',
			name: 'defaultShippingService',
			type: 'string',
			default: '',
			description:
				'Provider name or ID used when the carrier is empty or not one Miinto allows for the order (Koongo "Default Shipping Service")',
		},
	]),
];

function providerKeys(provider: MiintoShippingProvider): string[] {
	return [String(provider.id), ...(provider.name ? [provider.name] : [])];
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v: InputValidator = validator(this, i);
		const shopId = readShopId(this, i);
		const orderId = readNumericId(this, i, { label: 'Order ID', name: 'orderId' });
		const carrier = this.getNodeParameter('carrier', i, '') as string;
		const trackAndTrace = v.trackingCode(
			{ label: 'Track & Trace', name: 'trackAndTrace' },
			this.getNodeParameter('trackAndTrace', i),
		);
		const mode = v.oneOf(
			{ label: 'Positions', name: 'positions' },
			this.getNodeParameter('positions', i, 'all'),
			POSITION_CHOICES,
		);
		const listedIds =
			mode === 'listed'
				? v.idList(
						{ label: 'Position IDs', name: 'positionIds' },
						this.getNodeParameter('positionIds', i, ''),
						{ pattern: NUMERIC_ID, patternHint: 'whole-number position IDs' },
					)
				: undefined;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const rules = carrierMappingRows(v, options.carrierMapping, {
			name: 'provider',
			label: 'Miinto Shipping Provider',
		});
		const defaultCode =
			typeof options.defaultShippingService === 'string' ? options.defaultShippingService : '';

		const order = await client.getOrder(shopId, orderId, i);
		const accepted = (order.acceptedPositions ?? []).map((p) => String(p.id));
		const ids = listedIds ?? accepted;
		for (const id of ids) {
			if (!accepted.includes(id))
				v.fail(
					{ label: 'Position IDs', name: 'positionIds' },
					id,
					`an accepted position of order ${orderId}: ${accepted.join(', ') || 'none'}`,
				);
		}
		if (ids.length === 0)
			v.fail(
				{ label: 'Positions', name: 'positions' },
				mode,
				`an order with accepted positions: order ${orderId} has none`,
			);

		const providers = await client.shippingProviders(shopId, orderId, i);
		const vocabulary: CarrierVocabulary = {
			codeName: `Miinto shipping provider for order ${orderId}`,
			codes: providers.flatMap(providerKeys),
			aliases: {},
		};
		const resolution = resolveCarrier(carrier, { rules, vocabulary, defaultCode });
		const code =
			resolution.carrierCode === null ? '' : normalizeCarrierName(resolution.carrierCode);
		const provider = providers.find((p) =>
			providerKeys(p).some((key) => normalizeCarrierName(key) === code),
		);
		if (!provider) {
			v.fail(
				{ label: 'Carrier', name: 'carrier' },
				resolution.carrierCode ?? carrier,
				providers.length === 0
					? `a provider Miinto allows for order ${orderId}, but Miinto lists none`
					: allowedCarriers(
							vocabulary,
							'a Carrier Mapping row naming one of them',
							'a Default Shipping Service naming one of them',
						),
			);
		}

		const positions = order.acceptedPositions ?? [];
		const trackingOf = (id: string) => {
			const tracking = positions.find((p) => String(p.id) === id)?.[POSITION_TRACKING_FIELD];
			return typeof tracking === 'string' ? tracking : '';
		};
		const alreadyShipped = ids.filter((id) => trackingOf(id) === trackAndTrace);
		// a position shipped earlier in another parcel keeps its own track & trace: never sent again with this one
		const shippedEarlier = ids.filter((id) => !['', trackAndTrace].includes(trackingOf(id)));
		if (listedIds && shippedEarlier.length > 0)
			v.fail(
				{ label: 'Position IDs', name: 'positionIds' },
				shippedEarlier.join(', '),
				`positions not shipped yet: ${shippedEarlier.map((id) => `${id} was shipped with track & trace ${trackingOf(id)}`).join('; ')}`,
			);
		const send = ids.filter((id) => !alreadyShipped.includes(id) && !shippedEarlier.includes(id));
		if (send.length > 0)
			await client.shipPositions(
				shopId,
				orderId,
				send.map((id) => Number(id)),
				trackAndTrace,
				provider.id,
				i,
			);
		return {
			orderId,
			shopId,
			trackAndTrace,
			shippingProvider: { id: provider.id, name: provider.name ?? null },
			carrierResolution: { matchedBy: resolution.matchedBy, rule: resolution.rule },
			shipped: send,
			alreadyShipped,
			shippedWithOtherTracking: shippedEarlier.map((id) => ({
				positionId: id,
				trackAndTrace: trackingOf(id),
			})),
		};
	});
}
