import {
	IdSequence,
	asBody,
	asList,
	optionalString,
	round2,
	toNumber,
	type Body,
} from '../commerce.mts';

/** Magento 2.4 state: catalog, MSI source items + reservations, quotes, orders, invoices, shipments, credit memos. */

export class MagentoError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly parameters?: Body | string[],
	) {
		super(message);
	}
}

export const required = (field: string) =>
	new MagentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName: field });

export interface MProduct {
	id: number;
	sku: string;
	name: string;
	price: number;
	status: number;
	visibility: number;
	type_id: string;
	attribute_set_id: number;
	weight: number;
	created_at: number;
	updated_at: number;
	custom_attributes: Array<{ attribute_code: string; value: unknown }>;
}

export interface MSourceItem {
	sku: string;
	source_code: string;
	quantity: number;
	status: number;
}

export interface MAddress extends Body {
	firstname: string;
	lastname: string;
	street: string[];
	city: string;
	postcode: string;
	country_id: string;
	telephone: string;
	email?: string;
}

export interface MQuoteItem {
	item_id: number;
	sku: string;
	qty: number;
	name: string;
	price: number;
	product_type: string;
	quote_id: number;
}

export interface MQuote {
	id: number;
	maskedId?: string;
	active: boolean;
	items: MQuoteItem[];
	shippingAddress?: MAddress;
	billingAddress?: MAddress;
	shippingMethod?: { carrier: string; method: string; title: string; amount: number };
	email?: string;
	customerId?: number;
	created_at: number;
	updated_at: number;
}

export interface MOrderItem {
	item_id: number;
	order_id: number;
	sku: string;
	name: string;
	product_id: number;
	product_type: string;
	price: number;
	qty_ordered: number;
	qty_invoiced: number;
	qty_shipped: number;
	qty_canceled: number;
	qty_refunded: number;
}

export interface MComment {
	entity_id: number;
	comment: string;
	status: string;
	created_at: number;
	is_customer_notified: number;
}

export interface MOrder {
	entity_id: number;
	increment_id: string;
	quote_id: number;
	state: string;
	status: string;
	created_at: number;
	updated_at: number;
	customer_email: string;
	customer_is_guest: boolean;
	items: MOrderItem[];
	billing: MAddress;
	shipping: MAddress;
	shippingMethod: { carrier: string; method: string; title: string; amount: number };
	payment: string;
	total_invoiced: number;
	total_paid: number;
	total_refunded: number;
	shipping_refunded: number;
	comments: MComment[];
}

export interface MTrack {
	entity_id: number;
	parent_id: number;
	order_id: number;
	track_number: string;
	title: string;
	carrier_code: string;
	created_at: number;
}

export interface MShipment {
	entity_id: number;
	order_id: number;
	increment_id: string;
	created_at: number;
	source_code: string;
	items: Array<{
		entity_id: number;
		order_item_id: number;
		qty: number;
		sku: string;
		name: string;
		price: number;
	}>;
	tracks: MTrack[];
}

export interface MInvoice {
	entity_id: number;
	order_id: number;
	increment_id: string;
	created_at: number;
	grand_total: number;
	items: Array<{
		entity_id: number;
		order_item_id: number;
		qty: number;
		sku: string;
		price: number;
	}>;
}

/**
 * A credit memo comment (`CreditmemoCommentInterface`): the refund call's `comment` ({comment, is_visible_on_front}),
 * or one added later (`POST /creditmemo/{id}/comments`). Kept apart from the order's comments (`status_histories`).
 */
export interface MCreditmemoComment {
	entity_id: number;
	parent_id: number;
	comment: string;
	is_customer_notified: number;
	is_visible_on_front: number;
	created_at: number;
}

export interface MCreditmemo {
	entity_id: number;
	order_id: number;
	increment_id: string;
	created_at: number;
	grand_total: number;
	shipping_amount: number;
	adjustment_positive: number;
	adjustment_negative: number;
	items: Array<{
		entity_id: number;
		order_item_id: number;
		qty: number;
		sku: string;
		name: string;
		price: number;
		row_total: number;
		back_to_stock: boolean;
	}>;
	comments: MCreditmemoComment[];
}

export const PAYMENT_METHODS: Record<string, string> = {
	checkmo: 'Check / Money order',
	banktransfer: 'Bank Transfer Payment',
	cashondelivery: 'Cash On Delivery',
	purchaseorder: 'Purchase Order',
};
export const CARRIERS: Record<
	string,
	{ method: string; title: string; perItem: number; fixed: number }
> = {
	flatrate: { method: 'flatrate', title: 'Flat Rate - Fixed', perItem: 5, fixed: 0 },
	freeshipping: { method: 'freeshipping', title: 'Free Shipping - Free', perItem: 0, fixed: 0 },
	tablerate: { method: 'bestway', title: 'Best Way - Table Rate', perItem: 0, fixed: 6.95 },
};

const ADDRESS_FIELDS = [
	'firstname',
	'lastname',
	'street',
	'city',
	'postcode',
	'country_id',
	'telephone',
];

export function parseAddress(input: unknown): MAddress {
	const a = asBody(input);
	for (const field of ADDRESS_FIELDS) {
		const value = a[field];
		if (
			value === undefined ||
			value === null ||
			value === '' ||
			(Array.isArray(value) && value.length === 0)
		)
			throw required(field);
	}
	return {
		...a,
		street: Array.isArray(a.street) ? a.street.map(String) : [String(a.street)],
	} as MAddress;
}

/** An order, invoice, shipment or credit memo by id, or Magento's 404. */
export function entity<T>(map: Map<number, T>, id: number): T {
	const found = map.get(id);
	if (found === undefined)
		throw new MagentoError(
			404,
			"The entity that was requested doesn't exist. Verify the entity and try again.",
		);
	return found;
}

export const increment = (n: number) => String(n).padStart(9, '0');

const isBody = (value: unknown): value is Body =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Magento's REST booleans: true, 1, "1", "true". */
const truthy = (value: unknown) =>
	value === true || value === 1 || value === '1' || value === 'true';

export class MagentoStore {
	readonly products = new Map<string, MProduct>();
	/**
	 * Configurable products' children (simple product ids, in the order linked), by the configurable product's SKU:
	 * what Magento keeps in `catalog_product_super_link` and answers as `extension_attributes.configurable_product_links`.
	 */
	readonly configurableLinks = new Map<string, number[]>();
	readonly sourceItems: MSourceItem[] = [];
	readonly reservations: Array<{ sku: string; quantity: number; orderId: number }> = [];
	readonly quotes = new Map<number, MQuote>();
	readonly masked = new Map<string, number>();
	readonly orders = new Map<number, MOrder>();
	readonly shipments = new Map<number, MShipment>();
	readonly invoices = new Map<number, MInvoice>();
	readonly creditmemos = new Map<number, MCreditmemo>();
	readonly sources = [
		{
			source_code: 'default',
			name: 'Default Source',
			enabled: true,
			country_id: 'NL',
			postcode: '1011AB',
		},
		{
			source_code: 'ams_warehouse',
			name: 'Magazijn Amsterdam',
			enabled: true,
			country_id: 'NL',
			postcode: '1043AP',
		},
	];
	readonly ids = new IdSequence({
		product: 0,
		quote: 0,
		quoteItem: 0,
		order: 0,
		orderItem: 0,
		shipment: 0,
		track: 0,
		invoice: 0,
		creditmemo: 0,
		comment: 0,
		creditmemoComment: 0,
	});

	clear(): void {
		for (const map of [
			this.products,
			this.configurableLinks,
			this.quotes,
			this.masked,
			this.orders,
			this.shipments,
			this.invoices,
			this.creditmemos,
		])
			map.clear();
		this.sourceItems.length = 0;
		this.reservations.length = 0;
		this.ids.reset();
	}

	product(sku: string): MProduct {
		const product = this.products.get(sku);
		if (!product)
			throw new MagentoError(
				404,
				"The product that was requested doesn't exist. Verify the product and try again.",
			);
		return product;
	}

	sourceItem(sku: string, sourceCode: string): MSourceItem {
		let item = this.sourceItems.find((s) => s.sku === sku && s.source_code === sourceCode);
		if (!item) {
			item = { sku, source_code: sourceCode, quantity: 0, status: 0 };
			this.sourceItems.push(item);
		}
		return item;
	}

	/** Salable quantity of the default stock: enabled source quantities plus (negative) reservations. */
	salable(sku: string): number {
		const physical = this.sourceItems
			.filter((s) => s.sku === sku && s.status === 1)
			.reduce((sum, s) => sum + s.quantity, 0);
		return (
			physical +
			this.reservations.filter((r) => r.sku === sku).reduce((sum, r) => sum + r.quantity, 0)
		);
	}

	setSourceQuantity(sku: string, sourceCode: string, quantity: number, status?: number): void {
		const item = this.sourceItem(sku, sourceCode);
		item.quantity = quantity;
		item.status = status ?? (quantity > 0 ? 1 : item.status === 1 ? 1 : 0);
	}

	addProduct(input: Body, at: number): MProduct {
		const sku = optionalString(input.sku);
		if (!sku) throw required('sku');
		const existing = this.products.get(sku);
		const product: MProduct = {
			id: existing?.id ?? this.ids.next('product'),
			sku,
			name: optionalString(input.name) ?? existing?.name ?? sku,
			price: toNumber(input.price, existing?.price ?? 0),
			status: toNumber(input.status, existing?.status ?? 1),
			visibility: toNumber(input.visibility, existing?.visibility ?? 4),
			type_id: optionalString(input.type_id) ?? existing?.type_id ?? 'simple',
			attribute_set_id: toNumber(input.attribute_set_id, existing?.attribute_set_id ?? 4),
			weight: toNumber(input.weight, existing?.weight ?? 1),
			created_at: existing?.created_at ?? at,
			updated_at: at,
			custom_attributes: Array.isArray(input.custom_attributes)
				? asList(input.custom_attributes).map((c) => ({
						attribute_code: String(c.attribute_code),
						value: c.value,
					}))
				: (existing?.custom_attributes ?? []),
		};
		this.products.set(sku, product);
		// a configurable product has no stock of its own (MSI keeps source items for its children only)
		if (!existing && product.type_id !== 'configurable') this.sourceItem(sku, 'default');
		const links = asBody(input.extension_attributes).configurable_product_links;
		if (product.type_id === 'configurable' && Array.isArray(links))
			this.configurableLinks.set(sku, [...new Set(links.map((id) => toNumber(id)))]);
		return product;
	}

	/** The simple products linked to a configurable product (none for any other product), in the order linked. */
	children(sku: string): MProduct[] {
		const ids = this.configurableLinks.get(this.product(sku).sku) ?? [];
		return [...this.products.values()]
			.filter((p) => ids.includes(p.id))
			.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
	}

	/** `POST /configurable-products/:sku/child`, with Magento's refusals (`LinkManagement::addChild`). */
	linkChild(sku: string, childSku: string): void {
		const parent = this.product(sku);
		const child = this.product(childSku);
		const ids = this.configurableLinks.get(parent.sku) ?? [];
		if (ids.includes(child.id)) throw new MagentoError(400, 'The product is already attached.');
		if (parent.type_id !== 'configurable')
			throw new MagentoError(400, "The parent product doesn't have configurable product options.");
		this.configurableLinks.set(parent.sku, [...ids, child.id]);
	}

	/** `DELETE /configurable-products/:sku/children/:childSku` (`LinkManagement::removeChild`). */
	unlinkChild(sku: string, childSku: string): void {
		const parent = this.product(sku);
		if (parent.type_id !== 'configurable')
			throw new MagentoError(400, 'The product with the "%1" SKU isn\'t a configurable product.', [
				sku,
			]);
		const ids = this.configurableLinks.get(parent.sku) ?? [];
		const child = this.products.get(childSku);
		if (!child || !ids.includes(child.id))
			throw new MagentoError(
				404,
				"The option that was requested doesn't exist. Verify the entity and try again.",
			);
		this.configurableLinks.set(
			parent.sku,
			ids.filter((id) => id !== child.id),
		);
	}

	cart(id: number): MQuote {
		const quote = this.quotes.get(id);
		if (!quote || !quote.active)
			throw new MagentoError(404, 'No such entity with %fieldName = %fieldValue', {
				fieldName: 'cartId',
				fieldValue: String(id),
			});
		return quote;
	}

	addCartItem(quote: MQuote, input: Body, at: number): MQuoteItem {
		const sku = optionalString(input.sku);
		if (!sku) throw required('sku');
		const product = this.product(sku);
		const qty = toNumber(input.qty, 1);
		if (qty <= 0) throw new MagentoError(400, 'The qty value is required to update quote item.');
		const existing = quote.items.find((i) => i.sku === sku);
		const wanted = qty + (existing?.qty ?? 0);
		if (wanted > this.salable(sku))
			throw new MagentoError(400, 'The requested qty is not available');
		quote.updated_at = at;
		if (existing) {
			existing.qty = wanted;
			return existing;
		}
		const item: MQuoteItem = {
			item_id: this.ids.next('quoteItem'),
			sku,
			qty,
			name: product.name,
			price: product.price,
			product_type: product.type_id,
			quote_id: quote.id,
		};
		quote.items.push(item);
		return item;
	}

	setShippingInformation(quote: MQuote, input: Body, at: number): void {
		const info = asBody(input.addressInformation ?? input.address_information);
		const shipping = parseAddress(info.shipping_address ?? info.shippingAddress);
		const billing =
			(info.billing_address ?? info.billingAddress)
				? parseAddress(info.billing_address ?? info.billingAddress)
				: shipping;
		const carrierCode = optionalString(info.shipping_carrier_code ?? info.shippingCarrierCode);
		const methodCode = optionalString(info.shipping_method_code ?? info.shippingMethodCode);
		const carrier = carrierCode ? CARRIERS[carrierCode] : undefined;
		if (!carrierCode || !methodCode)
			throw new MagentoError(
				400,
				'The shipping method is missing. Select the shipping method and try again.',
			);
		if (!carrier || carrier.method !== methodCode) {
			throw new MagentoError(400, 'Carrier with such method not found: %1, %2', [
				carrierCode,
				methodCode,
			]);
		}
		if (quote.items.length === 0)
			throw new MagentoError(
				400,
				"The shipping method can't be set for an empty cart. Add an item to cart and try again.",
			);
		const qty = quote.items.reduce((s, i) => s + i.qty, 0);
		quote.shippingAddress = shipping;
		quote.billingAddress = billing;
		quote.shippingMethod = {
			carrier: carrierCode,
			method: methodCode,
			title: carrier.title,
			amount: round2(carrier.fixed + carrier.perItem * qty),
		};
		if (shipping.email && !quote.email) quote.email = String(shipping.email);
		quote.updated_at = at;
	}

	placeOrder(quote: MQuote, paymentInput: unknown, at: number, email?: string): MOrder {
		const method = optionalString(asBody(paymentInput).method);
		if (!method || !PAYMENT_METHODS[method])
			throw new MagentoError(400, 'The requested Payment Method is not available.');
		if (quote.items.length === 0)
			throw new MagentoError(
				400,
				'A server error stopped your order from being placed. Please try to place your order again.',
			);
		if (!quote.shippingAddress || !quote.shippingMethod)
			throw new MagentoError(
				400,
				'The shipping method is missing. Select the shipping method and try again.',
			);
		const customerEmail = email ?? quote.email ?? optionalString(quote.billingAddress?.email);
		if (!customerEmail || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail))
			throw new MagentoError(400, 'Email has a wrong format');
		for (const item of quote.items)
			if (item.qty > this.salable(item.sku))
				throw new MagentoError(
					400,
					`Not all of your products are available in the requested quantity.`,
				);
		const id = this.ids.next('order');
		const order: MOrder = {
			entity_id: id,
			increment_id: increment(id),
			quote_id: quote.id,
			state: 'new',
			status: 'pending',
			created_at: at,
			updated_at: at,
			customer_email: customerEmail,
			customer_is_guest: quote.customerId === undefined,
			items: quote.items.map((qi) => ({
				item_id: this.ids.next('orderItem'),
				order_id: id,
				sku: qi.sku,
				name: qi.name,
				product_id: this.products.get(qi.sku)?.id ?? 0,
				product_type: qi.product_type,
				price: qi.price,
				qty_ordered: qi.qty,
				qty_invoiced: 0,
				qty_shipped: 0,
				qty_canceled: 0,
				qty_refunded: 0,
			})),
			billing: quote.billingAddress ?? quote.shippingAddress,
			shipping: quote.shippingAddress,
			shippingMethod: quote.shippingMethod,
			payment: method,
			total_invoiced: 0,
			total_paid: 0,
			total_refunded: 0,
			shipping_refunded: 0,
			comments: [],
		};
		for (const item of order.items)
			this.reservations.push({ sku: item.sku, quantity: -item.qty_ordered, orderId: id });
		quote.active = false;
		this.orders.set(id, order);
		return order;
	}

	static grandTotal(order: MOrder): number {
		return round2(
			order.items.reduce((s, i) => s + i.price * i.qty_ordered, 0) + order.shippingMethod.amount,
		);
	}

	order(id: number): MOrder {
		return entity(this.orders, id);
	}

	private updateState(order: MOrder, at: number): void {
		order.updated_at = at;
		if (order.state === 'canceled' || order.state === 'closed') return;
		const open = order.items.filter((i) => i.qty_ordered - i.qty_canceled - i.qty_refunded > 0);
		if (order.total_refunded > 0 && order.total_refunded >= order.total_paid && open.length === 0) {
			order.state = order.status = 'closed';
			return;
		}
		const allShipped = open.every(
			(i) => i.qty_shipped + i.qty_refunded + i.qty_canceled >= i.qty_ordered,
		);
		const allInvoiced = order.items.every((i) => i.qty_invoiced + i.qty_canceled >= i.qty_ordered);
		if (order.total_refunded > 0 && order.total_refunded >= order.total_paid && allShipped)
			order.state = order.status = 'closed';
		else if (allShipped && allInvoiced) order.state = order.status = 'complete';
		else if (order.items.some((i) => i.qty_shipped > 0 || i.qty_invoiced > 0))
			order.state = order.status = 'processing';
	}

	/**
	 * The lines of a shipment / credit memo: the requested `{order_item_id, qty}` items, or every item with its open
	 * quantity. `reject(item)` builds the error for a line that asks for more than is open.
	 */
	private documentLines(
		order: MOrder,
		requested: Body[],
		open: (item: MOrderItem) => number,
		reject: (item?: MOrderItem) => MagentoError,
	): Array<{ item: MOrderItem; qty: number }> {
		const lines =
			requested.length > 0
				? requested.map((r) => ({
						item: order.items.find((i) => i.item_id === toNumber(r.order_item_id, -1)),
						qty: toNumber(r.qty, 0),
					}))
				: order.items.map((i) => ({ item: i, qty: open(i) }));
		const wanted = lines.filter((l) => l.qty > 0);
		for (const l of wanted) if (!l.item || l.qty > open(l.item)) throw reject(l.item);
		return wanted as Array<{ item: MOrderItem; qty: number }>;
	}

	/** id, order id, increment id and date of a new sales document (invoice, shipment, credit memo). */
	private documentHeader(kind: 'invoice' | 'shipment' | 'creditmemo', order: MOrder, at: number) {
		const id = this.ids.next(kind);
		return {
			entity_id: id,
			order_id: order.entity_id,
			increment_id: increment(id),
			created_at: at,
		};
	}

	private documentItem(item: MOrderItem, qty: number) {
		return {
			entity_id: this.ids.next('orderItem'),
			order_item_id: item.item_id,
			qty,
			sku: item.sku,
			name: item.name,
			price: item.price,
		};
	}

	/** A tracking number on a shipment (`tracks[]` of /order/{id}/ship, or POST /shipment/track). */
	addTrack(shipment: MShipment, input: Body, at: number): MTrack {
		for (const field of ['track_number', 'title', 'carrier_code'])
			if (!optionalString(input[field])) throw required(field);
		const track: MTrack = {
			entity_id: this.ids.next('track'),
			parent_id: shipment.entity_id,
			order_id: shipment.order_id,
			track_number: String(input.track_number),
			title: String(input.title),
			carrier_code: String(input.carrier_code),
			created_at: at,
		};
		shipment.tracks.push(track);
		return track;
	}

	invoice(order: MOrder, at: number): MInvoice {
		const lines = order.items
			.map((i) => ({ item: i, qty: i.qty_ordered - i.qty_invoiced - i.qty_canceled }))
			.filter((l) => l.qty > 0);
		if (order.state === 'canceled' || order.state === 'closed' || lines.length === 0)
			throw new MagentoError(400, 'The order does not allow an invoice to be created.');
		const firstInvoice = order.total_invoiced === 0;
		const total = round2(
			lines.reduce((s, l) => s + l.item.price * l.qty, 0) +
				(firstInvoice ? order.shippingMethod.amount : 0),
		);
		const invoice: MInvoice = {
			...this.documentHeader('invoice', order, at),
			grand_total: total,
			items: lines.map((l) => this.documentItem(l.item, l.qty)),
		};
		for (const l of lines) l.item.qty_invoiced += l.qty;
		order.total_invoiced = round2(order.total_invoiced + total);
		order.total_paid = round2(order.total_paid + total);
		this.invoices.set(invoice.entity_id, invoice);
		this.updateState(order, at);
		return invoice;
	}

	ship(order: MOrder, input: Body, at: number): MShipment {
		const invalid = () =>
			new MagentoError(
				400,
				"Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.\nYou can't create a shipment without products.",
			);
		if (['canceled', 'closed', 'holded'].includes(order.state)) throw invalid();
		const lines = this.documentLines(
			order,
			asList(input.items),
			(i) => i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded,
			invalid,
		);
		if (lines.length === 0) throw invalid();
		const tracks = asList(input.tracks);
		for (const t of tracks)
			for (const field of ['track_number', 'title', 'carrier_code'])
				if (!optionalString(t[field])) throw required(field);
		const sourceCode =
			optionalString(asBody(asBody(asBody(input.arguments).extension_attributes)).source_code) ??
			'default';
		if (!this.sources.some((s) => s.source_code === sourceCode))
			throw new MagentoError(400, 'Source item not found by source code: %1', [sourceCode]);
		const shipment: MShipment = {
			...this.documentHeader('shipment', order, at),
			source_code: sourceCode,
			items: lines.map((l) => this.documentItem(l.item, l.qty)),
			tracks: [],
		};
		for (const t of tracks) this.addTrack(shipment, t, at);
		for (const l of lines) {
			const item = l.item;
			item.qty_shipped += l.qty;
			// MSI: the source is deducted and the order's reservation compensated.
			const source = this.sourceItem(item.sku, sourceCode);
			source.quantity -= l.qty;
			this.reservations.push({ sku: item.sku, quantity: l.qty, orderId: order.entity_id });
		}
		this.shipments.set(shipment.entity_id, shipment);
		this.updateState(order, at);
		return shipment;
	}

	cancel(order: MOrder, at: number): boolean {
		if (['canceled', 'closed', 'complete', 'holded'].includes(order.state)) return false;
		const cancellable = order.items.filter(
			(i) => i.qty_ordered - i.qty_invoiced - i.qty_shipped - i.qty_canceled > 0,
		);
		if (cancellable.length === 0) return false;
		for (const item of cancellable) {
			const qty =
				item.qty_ordered - Math.max(item.qty_invoiced, item.qty_shipped) - item.qty_canceled;
			item.qty_canceled += qty;
			this.reservations.push({ sku: item.sku, quantity: qty, orderId: order.entity_id });
		}
		order.state = order.status = 'canceled';
		order.updated_at = at;
		return true;
	}

	refund(order: MOrder, input: Body, at: number): MCreditmemo {
		const refundableTotal = round2(order.total_paid - order.total_refunded);
		if (order.total_invoiced === 0 || refundableTotal <= 0)
			throw new MagentoError(400, "We can't create creditmemo for the order.");
		const args = asBody(input.arguments);
		const backToStock = new Set(
			(
				(asBody(args.extension_attributes).return_to_stock_items as unknown[] | undefined) ?? []
			).map(Number),
		);
		const requested = asList(input.items);
		const lines = this.documentLines(
			order,
			requested,
			(i) => i.qty_invoiced - i.qty_refunded,
			(item) =>
				item
					? new MagentoError(
							400,
							'The quantity to creditmemo must not be greater than the unrefunded quantity for %1.',
							[item.sku],
						)
					: new MagentoError(400, 'The creditmemo contains an invalid order item.'),
		);
		const shipping =
			args.shipping_amount !== undefined
				? toNumber(args.shipping_amount)
				: requested.length === 0
					? order.shippingMethod.amount - order.shipping_refunded
					: 0;
		const positive = toNumber(args.adjustment_positive, 0);
		const negative = toNumber(args.adjustment_negative, 0);
		const total = round2(
			lines.reduce((s, l) => s + l.item.price * l.qty, 0) + shipping + positive - negative,
		);
		if (total <= 0) throw new MagentoError(400, "The credit memo's total must be positive.");
		if (total > refundableTotal + 0.0001) {
			throw new MagentoError(400, 'The most money available to refund is %1.', [
				refundableTotal.toFixed(2),
			]);
		}
		const memo: MCreditmemo = {
			...this.documentHeader('creditmemo', order, at),
			grand_total: total,
			shipping_amount: shipping,
			adjustment_positive: positive,
			adjustment_negative: negative,
			items: lines.map((l) => ({
				...this.documentItem(l.item, l.qty),
				row_total: round2(l.item.price * l.qty),
				back_to_stock: backToStock.has(l.item.item_id),
			})),
			comments: [],
		};
		// RefundOrder: the `comment` is saved with the memo (in the same transaction); `appendComment` only puts it in
		// the customer's email, so the comment counts as notified when both it and `notify` are set
		if (isBody(input.comment)) {
			const comment = input.comment;
			this.addCreditmemoComment(
				memo,
				{
					comment: comment.comment,
					is_visible_on_front: comment.is_visible_on_front,
					is_customer_notified: truthy(input.appendComment) && truthy(input.notify) ? 1 : 0,
				},
				at,
			);
		}
		for (const l of lines) {
			const item = l.item;
			item.qty_refunded += l.qty;
			if (backToStock.has(item.item_id)) this.sourceItem(item.sku, 'default').quantity += l.qty;
			// Refunding an unshipped item releases its reservation.
			const unshipped = Math.min(
				l.qty,
				item.qty_ordered - item.qty_shipped - item.qty_canceled - (item.qty_refunded - l.qty),
			);
			if (unshipped > 0)
				this.reservations.push({ sku: item.sku, quantity: unshipped, orderId: order.entity_id });
		}
		order.total_refunded = round2(order.total_refunded + total);
		order.shipping_refunded = round2(order.shipping_refunded + shipping);
		this.creditmemos.set(memo.entity_id, memo);
		this.updateState(order, at);
		return memo;
	}

	/** A comment on a credit memo (`{comment, is_customer_notified?, is_visible_on_front?}`). */
	addCreditmemoComment(memo: MCreditmemo, input: Body, at: number): MCreditmemoComment {
		const comment: MCreditmemoComment = {
			entity_id: this.ids.next('creditmemoComment'),
			parent_id: memo.entity_id,
			comment: optionalString(input.comment) ?? '',
			is_customer_notified: truthy(input.is_customer_notified) ? 1 : 0,
			is_visible_on_front: truthy(input.is_visible_on_front) ? 1 : 0,
			created_at: at,
		};
		memo.comments.push(comment);
		return comment;
	}

	comment(order: MOrder, input: Body, at: number): MComment {
		const history = asBody(input.statusHistory ?? input.status_history);
		const comment: MComment = {
			entity_id: this.ids.next('comment'),
			comment: optionalString(history.comment) ?? '',
			status: optionalString(history.status) ?? order.status,
			created_at: at,
			is_customer_notified: toNumber(history.is_customer_notified, 0),
		};
		order.comments.push(comment);
		order.updated_at = at;
		return comment;
	}
}
