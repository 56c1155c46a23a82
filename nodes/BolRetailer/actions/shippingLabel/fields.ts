import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { lineSelectionProperties } from '../../../shared/lines';
import { locatorProperty, type LocatorSpec } from '../../../shared/locators';
import type { InputValidator } from '../../../shared/validation';
import type { BolDeliveryOption } from '../../transport';
import { orderIdProperty } from '../order/fields';

/** Order and items of a label operation: the same choice as Shipment > Create (all open items, or a JSON list). */
export function labelItemProperties(display: IDisplayOptions, verb: string): INodeProperties[] {
	return [
		{ ...orderIdProperty, displayOptions: display },
		...lineSelectionProperties(display, {
			verb,
			allOpen: `${verb} for everything of the order that is not shipped or cancelled (items bol fulfils, FBB, are left out)`,
			identifiers:
				'`lineId` (bol order item ID), `sku` (offer reference) or `ean` (checked before any request) to find the item',
		}),
	];
}

/**
 * Label and label-offer ids are UUIDs at bol; any plain id is let through to bol, which answers 404 for an unknown
 * one (or refuses an unknown offer).
 */
const BOL_LABEL_ID = '[A-Za-z0-9-]{1,64}';

export const LABEL_ID_PATTERN = {
	pattern: new RegExp(`^${BOL_LABEL_ID}$`),
	patternHint: 'a bol shipping label ID like 5f2c1d8e-3b1a-4c0e-9f5e-2a7b9c4d6e8f',
};

/**
 * The label offer picker of Shipping Label > Create: bol's delivery options for every open item of the order chosen
 * above it (or of an order ID typed in the search). Its name stays `shippingLabelOfferId` so plain strings and
 * expressions (e.g. from Get Delivery Options) keep working.
 */
export const OFFER_LOCATOR: LocatorSpec = {
	displayName: 'Shipping Label Offer ID',
	name: 'shippingLabelOfferId',
	description:
		"The label to buy: pick one of bol's delivery options for the open items of the order chosen above (or type an order ID in the search), or type the `shippingLabelOfferId` of a Get Delivery Options item. bol refuses an expired offer (`validUntil`) and an offer made for other items. For an AI agent: the offer ID as text, e.g. 027b79fa-5743-40f0-94c7-0eac761af611.",
	searchListMethod: 'searchDeliveryOptions',
	listPlaceholder: 'Select a label (choose the order first)...',
	id: {
		regex: BOL_LABEL_ID,
		hint: 'a shippingLabelOfferId from Get Delivery Options, like 027b79fa-5743-40f0-94c7-0eac761af611',
		placeholder: '027b79fa-5743-40f0-94c7-0eac761af611',
	},
};

export const offerIdProperty: INodeProperties = locatorProperty(OFFER_LOCATOR);

/** One delivery option as a picker entry: what it is, its price, whether bol recommends it, and its deadline. */
export function labelOfferEntry(option: BolDeliveryOption): {
	name: string;
	value: string;
	description: string;
} {
	const handover = option.handoverDetails ?? {};
	return {
		name: [
			option.labelDisplayName,
			option.labelType,
			option.transporterCode,
			option.labelPrice?.totalPrice === undefined
				? undefined
				: `€ ${option.labelPrice.totalPrice.toFixed(2)} excl. VAT`,
			option.recommended ? 'recommended' : undefined,
			handover.meetsCustomerExpectation === false ? 'strike risk' : undefined,
		]
			.filter(Boolean)
			.join(' · '),
		value: option.shippingLabelOfferId,
		description: [
			`Offer ID ${option.shippingLabelOfferId}`,
			option.validUntilDate ? `valid until ${option.validUntilDate}` : undefined,
			handover.latestHandoverDateTime
				? `hand over by ${handover.latestHandoverDateTime}`
				: undefined,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/** A delivery option as the node puts it out: flat, with the price as a number and the handover window. */
export function labelOption(option: BolDeliveryOption): IDataObject {
	const handover = option.handoverDetails ?? {};
	return {
		shippingLabelOfferId: option.shippingLabelOfferId,
		recommended: option.recommended === true,
		transporterCode: option.transporterCode,
		labelType: option.labelType,
		labelDisplayName: option.labelDisplayName,
		price: option.labelPrice?.totalPrice ?? null,
		validUntil: option.validUntilDate ?? null,
		maxWeight: option.packageRestrictions?.maxWeight ?? null,
		maxDimensions: option.packageRestrictions?.maxDimensions ?? null,
		meetsCustomerExpectation: handover.meetsCustomerExpectation ?? null,
		earliestHandoverAt: handover.earliestHandoverDateTime ?? null,
		latestHandoverAt: handover.latestHandoverDateTime ?? null,
		collectionMethod: handover.collectionMethod ?? null,
	};
}

/** How Shipping Label > Create picks among bol's delivery options. */
export interface LabelChoice {
	pick: 'recommended' | 'cheapest';
	/** Only this label type; undefined: any. */
	labelType?: BolDeliveryOption['labelType'];
	/** Also options that would deliver too early or too late (bol: "you will receive a strike"). */
	allowStrikeRisk: boolean;
}

function describeOption(option: BolDeliveryOption): string {
	const strike = option.handoverDetails?.meetsCustomerExpectation === false ? ', strike risk' : '';
	return `${option.labelDisplayName} (${option.labelType}, ${option.transporterCode}, ${option.labelPrice?.totalPrice ?? '?'}${strike})`;
}

/**
 * The option Create buys: among the options allowed (label type, no strike risk unless allowed), bol's recommended
 * one, or the cheapest (also when bol recommends none of the allowed ones; equal prices: bol's order). None allowed:
 * the item fails naming every option bol offered, before anything is bought.
 */
export function chooseOption(
	v: InputValidator,
	options: BolDeliveryOption[],
	choice: LabelChoice,
): BolDeliveryOption {
	const allowed = options.filter(
		(option) =>
			(choice.labelType === undefined || option.labelType === choice.labelType) &&
			(choice.allowStrikeRisk || option.handoverDetails?.meetsCustomerExpectation !== false),
	);
	if (allowed.length === 0) {
		v.fail(
			{ label: 'Label Type', name: 'options.labelType' },
			choice.labelType ?? 'any',
			options.length === 0
				? 'nothing: bol offers no label for these items'
				: `one of the labels bol offers for these items: ${options.map(describeOption).join('; ')}${choice.allowStrikeRisk ? '' : ' (labels with a strike risk only with "Allow Labels with a Strike Risk")'}`,
		);
	}
	const cheapest = allowed.reduce((best, option) =>
		(option.labelPrice?.totalPrice ?? Infinity) < (best.labelPrice?.totalPrice ?? Infinity)
			? option
			: best,
	);
	if (choice.pick === 'cheapest') return cheapest;
	return allowed.find((option) => option.recommended) ?? cheapest;
}
