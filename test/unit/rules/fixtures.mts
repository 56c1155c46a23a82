import type { INodeExecutionData } from 'n8n-workflow';

import { MarketplaceOrderSync } from '../../../nodes/MarketplaceOrderSync/MarketplaceOrderSync.node.ts';
import type { MarketplaceOrder, MarketplaceOrderLine } from '../../../nodes/shared/model';
import { createContext, type ContextOptions } from '../../helpers/context.mts';

/** A normalized order line as a marketplace node outputs it (passes `orderLineSchema`). */
export function line(overrides: Partial<MarketplaceOrderLine> = {}): MarketplaceOrderLine {
	const quantity = overrides.quantity ?? 1;
	return {
		lineId: '1001',
		sku: 'SKU-1',
		ean: '8712345678906',
		offerId: 'offer-1',
		merchantReference: 'BOL-SKU-1-NL',
		title: 'Shirt',
		quantity,
		quantityShipped: 0,
		quantityCancelled: 0,
		quantityOpen: quantity,
		unitPrice: 19.99,
		totalPrice: Math.round(19.99 * quantity * 100) / 100,
		tax: null,
		commission: null,
		fulfilment: 'merchant',
		status: 'open',
		cancellationRequested: false,
		deliverBy: null,
		updatedAt: null,
		...overrides,
	};
}

const address = (firstName: string, city: string) => ({
	firstName,
	lastName: 'Jansen',
	fullName: `${firstName} Jansen`,
	company: null,
	street: 'Dorpstraat',
	houseNumber: '1',
	houseNumberExtension: null,
	address1: 'Dorpstraat 1',
	address2: null,
	postalCode: '1234AB',
	city,
	region: null,
	countryCode: 'NL',
	email: null,
	phone: null,
	vatNumber: null,
	pickupPoint: null,
});

/** A normalized order (passes `orderSchema`); totals follow the lines. */
export function order(
	overrides: Partial<MarketplaceOrder> = {},
	lines: MarketplaceOrderLine[] = [line()],
): MarketplaceOrder {
	const items = Math.round(lines.reduce((sum, l) => sum + (l.totalPrice ?? 0), 0) * 100) / 100;
	const anyMarketplace = lines.some((l) => l.fulfilment === 'marketplace');
	const allMarketplace = lines.length > 0 && lines.every((l) => l.fulfilment === 'marketplace');
	return {
		marketplace: 'miinto',
		orderId: 'ORDER-1',
		orderNumber: 'ORDER-1',
		status: 'open',
		createdAt: '2026-11-20T10:00:00Z',
		updatedAt: '2026-11-20T10:00:00Z',
		fulfilment: allMarketplace ? 'marketplace' : 'merchant',
		hasMarketplaceFulfilledLines: anyMarketplace,
		currency: 'EUR',
		customer: {
			firstName: 'Anna',
			lastName: 'Jansen',
			fullName: 'Anna Jansen',
			email: null,
			phone: null,
			company: null,
			vatNumber: null,
			language: 'nl',
		},
		shippingAddress: address('Anna', 'Utrecht'),
		billingAddress: address('Bert', 'Amsterdam'),
		lines,
		totals: { items, shipping: null, tax: null, discount: null, total: items, commission: null },
		pricesIncludeTax: true,
		deadlines: { acceptBy: null, shipBy: null, deliverBy: null, expiresAt: null },
		cancellationRequested: false,
		updateStoreStock: true,
		extra: {},
		...overrides,
	};
}

const noCredential = { name: 'none', displayName: 'None', properties: [] };

/** Runs the node over the given input items; returns every output. */
export async function runNode(
	parameters: ContextOptions['parameters'],
	inputs: object[],
	extra: Partial<ContextOptions> = {},
) {
	const fake = createContext({
		credentialType: noCredential,
		credentials: {},
		parameters,
		items: inputs.map((json) => ({ json: json as INodeExecutionData['json'] })),
		nodeType: 'n8n-nodes-marketplace-sync.marketplaceOrderSync',
		...extra,
	});
	const outputs: INodeExecutionData[][] = await new MarketplaceOrderSync().execute.call(fake.ctx);
	return outputs;
}
