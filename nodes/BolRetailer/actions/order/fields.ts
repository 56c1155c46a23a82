import type { INodeProperties } from 'n8n-workflow';

import { locatorProperty, readLocator, type LocatorSpec } from '../../../shared/locators';
import type { InputValidator } from '../../../shared/validation';

/** Bol order ids are alphanumeric (e.g. "A2K8290LP8", "1043946570"); item ids are numeric. */
export const ORDER_ITEM_ID_PATTERN = { pattern: /^\d{1,20}$/, patternHint: 'digits only' };

/**
 * The order picker of every operation on one bol order; its name stays `orderId` so plain-string values (and
 * expressions such as `{{ $json.orderId }}`) keep working. No "By URL": bol's seller dashboard has no documented
 * order URL.
 */
export const ORDER_LOCATOR: LocatorSpec = {
	displayName: 'Order ID',
	name: 'orderId',
	description:
		'The bol order: pick one from the list (open and shipped orders, newest first; type to filter by order ID or EAN) or type its order ID (the `orderId` of a normalized order). For an AI agent: the bol order ID as text, e.g. 1043946570.',
	searchListMethod: 'searchOrders',
	listPlaceholder: 'Select an order...',
	id: {
		regex: '[A-Za-z0-9-]{1,40}',
		hint: 'a bol order ID, letters and digits like 1043946570 or A2K8290LP8',
		placeholder: '1043946570',
	},
};

export const orderIdProperty: INodeProperties = locatorProperty(ORDER_LOCATOR);

/** The order ID of an item: from the picker, typed, or a plain string; checked before any request. */
export function readOrderId(v: InputValidator, parameter: unknown): string {
	return readLocator(v, { label: 'Order ID', name: 'orderId' }, parameter, ORDER_LOCATOR);
}

/**
 * The order item picker of Return > Create (a shipped item the customer sent back); its name stays `orderItemId` so
 * plain-string values and expressions keep working.
 */
export const ORDER_ITEM_LOCATOR: LocatorSpec = {
	displayName: 'Order Item ID',
	name: 'orderItemId',
	description:
		"The shipped order item the customer returned: pick one from the list (the shipped items of the account's FBR orders, newest changes first; type to filter by order item ID, order ID or EAN, or type a whole order ID to list that order's shipped items) or type its ID (`lines[].lineId` of the order). For an AI agent: the bol order item ID as digits, e.g. 2012345678.",
	searchListMethod: 'searchShippedItems',
	listPlaceholder: 'Select an order item...',
	id: { regex: '\\d{1,20}', hint: 'a bol order item ID, digits only', placeholder: '2012345678' },
};
