import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	decideAcceptance,
	readAutoAccept,
	type AcceptanceSettings,
	type StoreData,
} from '../../../MarketplaceOrderSync/rules/acceptance';
import { DEFAULT_ACCEPT_THRESHOLD, ORDER_STATUS } from '../../constants';
import { validator } from '../common';
import { statusOperation } from './status';

export const ACCEPT_MODES = ['accept', 'autoAccept'] as const;
/** Spartoo lines have no EAN: the keys a line can be found by in Store Products. */
export const MATCH_KEYS = ['sku', 'merchantReference', 'offerId'] as const;

const auto = { show: { acceptMode: ['autoAccept'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'acceptMode',
		type: 'options',
		default: 'accept',
		options: [
			{
				name: 'Accept',
				value: 'accept',
				description: 'Accept the order (you decided before this node)',
			},
			{
				name: 'Auto-Accept (Stock and Price Threshold)',
				value: 'autoAccept',
				description:
					'Koongo "Accept Orders Automatically": accept only when every line is in stock in Store Products and its Spartoo unit price is at least threshold x the store price; otherwise the order is not accepted and stays waiting (11) for you, with the reason per line',
			},
		],
	},
	{
		displayName: 'Store Products',
		name: 'storeProducts',
		type: 'json',
		default: '={{ $json.storeProducts }}',
		displayOptions: auto,
		description:
			'Store data of the products: an object keyed by product key, e.g. {"SKU-123-38": {"stock": 4, "finalPrice": 44.95, "originalPrice": 59.9}}, or an array of such entries each with the key field',
	},
	{
		displayName: 'Match Lines By',
		name: 'matchBy',
		type: 'options',
		default: 'sku',
		displayOptions: auto,
		description:
			'Which field of a normalized line is the product key in Store Products (sku follows the Product Identification option)',
		options: [
			{ name: 'SKU (Product Identification)', value: 'sku' },
			{ name: 'Your Product Reference', value: 'merchantReference' },
			{ name: 'Spartoo Product ID', value: 'offerId' },
		],
	},
	{
		displayName: 'Price Attribute',
		name: 'priceAttribute',
		type: 'options',
		default: 'finalPrice',
		displayOptions: auto,
		description: 'The store price compared with (Koongo "Auto Accept Orders - Price Attribute")',
		options: [
			{ name: 'Price Final Incl. Tax', value: 'finalPrice' },
			{ name: 'Price Original Incl. Tax', value: 'originalPrice' },
		],
	},
	{
		displayName: 'Price Threshold',
		name: 'threshold',
		type: 'number',
		default: DEFAULT_ACCEPT_THRESHOLD,
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 4 },
		displayOptions: auto,
		description:
			'A line is priced well enough when its Spartoo unit price (tax included) is at least this times the store price (Koongo "Price Attribute Threshold", 0.97 recommended)',
	},
];

interface AutoPlan {
	store: StoreData;
	settings: AcceptanceSettings;
}

/** Every auto-accept parameter checked before any request; undefined in plain Accept mode. */
function readPlan(ctx: IExecuteFunctions, i: number): AutoPlan | undefined {
	const v = validator(ctx, i);
	const mode = v.oneOf(
		{ label: 'Mode', name: 'acceptMode' },
		ctx.getNodeParameter('acceptMode', i, 'accept'),
		ACCEPT_MODES,
	);
	if (mode === 'accept') return undefined;
	const matchBy = v.oneOf(
		{ label: 'Match Lines By', name: 'matchBy' },
		ctx.getNodeParameter('matchBy', i, 'sku'),
		MATCH_KEYS,
	);
	return readAutoAccept((name, fallback) => ctx.getNodeParameter(name, i, fallback), v, {
		matchBy,
		example: '{"SKU-123-38": {"stock": 4, "finalPrice": 44.95}}',
		defaultThreshold: DEFAULT_ACCEPT_THRESHOLD,
	});
}

/**
 * 11 -> 2: the order is accepted; its name, address and transporter freeze (S-D1). Auto-Accept decides first with the
 * shared acceptance rule (MarketplaceOrderSync/rules/acceptance.ts): a declined order is not sent anything (it stays 11
 * for the merchant; nothing is cancelled) and the output says why per line.
 */
export const { description, execute } = statusOperation({
	operation: 'accept',
	target: ORDER_STATUS.preparation,
	verb: 'accepted',
	flag: 'accepted',
	properties,
	gate: {
		read: readPlan,
		decide: (plan, order) => {
			if (plan === undefined) return { send: true, output: {} };
			const { store, settings } = plan as AutoPlan;
			const acceptance = decideAcceptance(order, store, settings);
			const send = acceptance.decision === 'accept';
			return {
				send,
				output: {
					acceptance: acceptance as unknown as IDataObject,
					...(send
						? {}
						: {
								notAcceptedReason: `${acceptance.reason}. The order stays waiting for your accept (status 11) at Spartoo: accept or cancel it yourself.`,
							}),
				},
			};
		},
	},
});
