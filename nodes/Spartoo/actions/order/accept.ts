import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	autoAcceptProperties,
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

const autoAccept = autoAcceptProperties({
	displayOptions: auto,
	unit: 'line',
	price: 'its Spartoo unit price (tax included)',
	example: '{"SKU-123-38": {"stock": 4, "finalPrice": 44.95, "originalPrice": 59.9}}',
	matchBy: {
		displayName: 'Match Lines By',
		description:
			'Which field of a normalized line is the product key in Store Products (sku follows the Product Identification option)',
		options: [
			{ name: 'SKU (Product Identification)', value: 'sku' },
			{ name: 'Your Product Reference', value: 'merchantReference' },
			{ name: 'Spartoo Product ID', value: 'offerId' },
		],
	},
});

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
	autoAccept.storeProducts,
	autoAccept.matchBy,
	autoAccept.priceAttribute,
	autoAccept.threshold,
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
