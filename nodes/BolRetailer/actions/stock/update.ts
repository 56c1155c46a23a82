import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runBatch, type BatchOutcome } from '../../../shared/execute';
import { locatorProperty, readLocator, type LocatorSpec } from '../../../shared/locators';
import { MAX_STOCK } from '../../constants';
import type { BolOfferV11 } from '../../transport';
import { bolClient, show, validator, optionsCollection } from '../common';

const display = show('stock', 'update');

/**
 * The offer picker (Find Offer By: Offer ID); its name stays `offerId` so plain-string values and expressions (the
 * stock template's `{{ $json.offerId }}`) keep working. No "By URL": bol documents no seller-dashboard offer URL.
 */
export const OFFER_LOCATOR: LocatorSpec = {
	displayName: 'Offer ID',
	name: 'offerId',
	description:
		"The bol offer: pick one from the list (the account's offers with reference, EAN and stock; type to filter by reference, EAN or offer ID, a whole EAN or offer ID is looked up) or type its offer ID. For an AI agent: the bol offer ID, a UUID like 6ff736b5-cdd0-4150-8c67-78269ee986f5.",
	searchListMethod: 'searchOffers',
	listPlaceholder: 'Select an offer...',
	id: {
		regex: '[0-9a-fA-F-]{36}',
		hint: 'a UUID like 6ff736b5-cdd0-4150-8c67-78269ee986f5',
		placeholder: '6ff736b5-cdd0-4150-8c67-78269ee986f5',
	},
};

export const description: INodeProperties[] = [
	{
		displayName: 'Find Offer By',
		name: 'identifyBy',
		type: 'options',
		default: 'ean',
		displayOptions: display,
		options: [
			{
				name: 'EAN',
				value: 'ean',
				description: 'Look the offer up by EAN (batched: 50 EANs per lookup call)',
			},
			{ name: 'Offer ID', value: 'offerId', description: 'No lookup needed' },
			{
				name: 'Offer Reference',
				value: 'reference',
				description: 'Your own reference on the offer, usually the store SKU',
			},
		],
	},
	{
		displayName: 'EAN',
		name: 'ean',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...display.show, identifyBy: ['ean'] } },
	},
	{
		...locatorProperty(OFFER_LOCATOR),
		displayOptions: { show: { ...display.show, identifyBy: ['offerId'] } },
	},
	{
		displayName: 'Offer Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...display.show, identifyBy: ['reference'] } },
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'Stock you have for sale on bol (bol accepts 0 to 999)',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Cap at 999',
			name: 'capAtMax',
			type: 'boolean',
			default: true,
			description:
				'Whether to send 999 for a larger stock (bol accepts at most 999) instead of failing the item',
		},
		{
			displayName: 'Managed by Retailer',
			name: 'managedByRetailer',
			type: 'boolean',
			default: false,
			description:
				'Whether bol should take only orders placed after this update into account (true) or subtract all open orders from the amount (false)',
		},
	]),
];

interface Planned {
	itemIndex: number;
	identifyBy: 'ean' | 'offerId' | 'reference';
	key: string;
	quantity: number;
	requestedQuantity: number;
	managedByRetailer: boolean;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runBatch.call(
		this,
		async (indexes) => {
			const outcomes: BatchOutcome[] = [];
			const planned: Planned[] = [];
			// 1. validate every item before any request
			for (const i of indexes) {
				try {
					const v = validator(this, i);
					const identifyBy = v.oneOf(
						{ label: 'Find Offer By', name: 'identifyBy' },
						this.getNodeParameter('identifyBy', i),
						['ean', 'offerId', 'reference'],
					);
					const key =
						identifyBy === 'ean'
							? v.ean({ label: 'EAN', name: 'ean' }, this.getNodeParameter('ean', i))
							: identifyBy === 'offerId'
								? readLocator(
										v,
										{ label: 'Offer ID', name: 'offerId' },
										this.getNodeParameter('offerId', i),
										OFFER_LOCATOR,
									)
								: v.string(
										{ label: 'Offer Reference', name: 'reference' },
										this.getNodeParameter('reference', i),
										{ maxLength: 100 },
									);
					const options = this.getNodeParameter('options', i, {}) as IDataObject;
					const cap = options.capAtMax !== false;
					const requestedQuantity = v.integer(
						{ label: 'Quantity', name: 'quantity' },
						this.getNodeParameter('quantity', i),
						0,
						cap ? Number.MAX_SAFE_INTEGER : MAX_STOCK,
					);
					planned.push({
						itemIndex: i,
						identifyBy,
						key,
						requestedQuantity,
						quantity: Math.min(requestedQuantity, MAX_STOCK),
						managedByRetailer: options.managedByRetailer === true,
					});
				} catch (error) {
					outcomes.push({ itemIndex: i, error: error as Error });
				}
			}

			// 2 + 3. in slices of 50 items: find the slice's offers (EANs in one call, references one by one, offer
			// ids need none), then PATCH them. Lookups and updates alternate, so both rate limits are used at once and
			// nothing is held beyond what one slice needs.
			const offers = new Map<string, BolOfferV11 | Error>();
			const findOffers = async (slice: Planned[]) => {
				const eans = [
					...new Set(slice.filter((p) => p.identifyBy === 'ean').map((p) => p.key)),
				].filter((ean) => !offers.has(`ean:${ean}`));
				if (eans.length > 0) {
					try {
						for await (const offer of client.listOffers({ eans })) {
							const ean = offer.ean ?? '';
							// prefer the merchant-fulfilled offer when an EAN has both an FBR and an FBB offer
							const known = offers.get(`ean:${ean}`);
							if (!known || known instanceof Error || known.fulfilment?.method === 'FBB')
								offers.set(`ean:${ean}`, offer);
						}
					} catch (error) {
						for (const ean of eans) offers.set(`ean:${ean}`, error as Error);
					}
				}
				for (const reference of new Set(
					slice.filter((p) => p.identifyBy === 'reference').map((p) => p.key),
				)) {
					if (offers.has(`reference:${reference}`)) continue;
					try {
						for await (const offer of client.listOffers({ reference })) {
							if (offer.reference === reference) {
								offers.set(`reference:${reference}`, offer);
								break;
							}
						}
					} catch (error) {
						offers.set(`reference:${reference}`, error as Error);
					}
				}
			};

			for (let start = 0; start < planned.length; start += 50) {
				const slice = planned.slice(start, start + 50);
				await findOffers(slice);
				for (const plan of slice) {
					try {
						let offerId = plan.key;
						let offer: BolOfferV11 | undefined;
						if (plan.identifyBy !== 'offerId') {
							const found = offers.get(`${plan.identifyBy}:${plan.key}`);
							if (found instanceof Error) throw found;
							if (!found) {
								throw validator(this, plan.itemIndex).fail(
									{
										label: plan.identifyBy === 'ean' ? 'EAN' : 'Offer Reference',
										name: plan.identifyBy,
									},
									plan.key,
									'the EAN or reference of one of your offers on bol (no offer found)',
								);
							}
							offer = found;
							offerId = found.offerId;
						}
						if (offer?.fulfilment?.method === 'FBB') {
							throw validator(this, plan.itemIndex).fail(
								{ label: 'Find Offer By', name: plan.identifyBy },
								plan.key,
								"a merchant-fulfilled (FBR) offer: the stock of FBB offers is bol's warehouse stock and read-only",
							);
						}
						await client.patchOfferStock(
							offerId,
							plan.quantity,
							plan.managedByRetailer,
							plan.itemIndex,
						);
						outcomes.push({
							itemIndex: plan.itemIndex,
							json: {
								status: 'updated',
								offerId,
								ean: offer?.ean ?? (plan.identifyBy === 'ean' ? plan.key : null),
								reference: offer?.reference ?? (plan.identifyBy === 'reference' ? plan.key : null),
								quantity: plan.quantity,
								requestedQuantity: plan.requestedQuantity,
								capped: plan.quantity !== plan.requestedQuantity,
								managedByRetailer: plan.managedByRetailer,
							},
						});
					} catch (error) {
						outcomes.push({ itemIndex: plan.itemIndex, error: error as Error });
					}
				}
			}
			return outcomes;
		},
		'stock updates',
	);
}
