import type { INodeProperties } from 'n8n-workflow';

/** Bol order ids are alphanumeric (e.g. "A2K8290LP8", "1043946570"); item ids are numeric. */
export const ORDER_ID_PATTERN = {
	maxLength: 40,
	pattern: /^[A-Za-z0-9-]+$/,
	patternHint: 'letters and digits',
};
export const ORDER_ITEM_ID_PATTERN = { pattern: /^\d{1,20}$/, patternHint: 'digits only' };

export const orderIdProperty: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1043946570',
	description: 'The bol order ID (`orderId` of a normalized order)',
};
