import {
	IdSequence,
	WebhookRegistry,
	asBody,
	asList,
	money,
	optionalString,
	round2,
	slugify,
	toNumber,
	type Body,
	type WebhookSubscription,
} from '../commerce.mts';
import type { WebhookDispatcher } from '../core/webhooks.mts';
import { WEBHOOK_TIMEOUT_MS } from './constants.mts';

/** Shopify Admin REST 2024-07 state: products/variants/inventory, orders, fulfillment orders, fulfillments, refunds. */

export class ShopifyError extends Error {
	constructor(
		readonly status: number,
		readonly errors: unknown,
	) {
		super(typeof errors === 'string' ? errors : JSON.stringify(errors));
	}
}

export const invalid = (field: string, message: string) =>
	new ShopifyError(422, { [field]: [message] });

export interface Location {
	id: number;
	name: string;
	address1: string;
	city: string;
	zip: string;
	country_code: string;
	active: boolean;
}

export interface Variant {
	id: number;
	product_id: number;
	title: string;
	price: string;
	sku: string;
	barcode: string;
	position: number;
	option1: string | null;
	inventory_item_id: number;
	inventory_management: string | null;
	inventory_policy: 'deny' | 'continue';
	requires_shipping: boolean;
	created_at: number;
	updated_at: number;
}

export interface Product {
	id: number;
	title: string;
	handle: string;
	vendor: string;
	product_type: string;
	status: string;
	tags: string;
	options: Array<{ name: string; values: string[] }>;
	variants: Variant[];
	created_at: number;
	updated_at: number;
}

export interface LineItem {
	id: number;
	variant_id: number | null;
	product_id: number | null;
	title: string;
	name: string;
	sku: string | null;
	quantity: number;
	price: number;
	requires_shipping: boolean;
	fulfilled: number;
	refunded: number;
}

export interface Transaction {
	id: number;
	order_id: number;
	kind: 'sale' | 'authorization' | 'capture' | 'refund' | 'void';
	gateway: string;
	status: 'success' | 'failure' | 'pending';
	amount: number;
	parent_id: number | null;
	created_at: number;
}

export interface FulfillmentOrderLine {
	id: number;
	line_item_id: number;
	inventory_item_id: number | null;
	variant_id: number | null;
	quantity: number;
	fulfillable_quantity: number;
}

export interface FulfillmentOrder {
	id: number;
	order_id: number;
	assigned_location_id: number;
	status: 'open' | 'in_progress' | 'closed' | 'cancelled';
	line_items: FulfillmentOrderLine[];
	created_at: number;
	updated_at: number;
}

export interface Fulfillment {
	id: number;
	order_id: number;
	name: string;
	status: 'success' | 'cancelled';
	location_id: number;
	tracking_company: string | null;
	tracking_numbers: string[];
	tracking_urls: string[];
	lines: Array<{
		line_item_id: number;
		quantity: number;
		fulfillment_order_id: number;
		fo_line_id: number;
	}>;
	created_at: number;
	updated_at: number;
}

export interface Refund {
	id: number;
	order_id: number;
	note: string | null;
	created_at: number;
	lines: Array<{
		id: number;
		line_item_id: number;
		quantity: number;
		restock_type: string;
		location_id: number | null;
		subtotal: number;
	}>;
	transactions: Transaction[];
	shipping: number;
}

export interface Order {
	id: number;
	name: string;
	order_number: number;
	email: string;
	note: string | null;
	tags: string;
	source_name: string;
	test: boolean;
	currency: string;
	customer: Body | null;
	billing_address: Body | null;
	shipping_address: Body | null;
	line_items: LineItem[];
	shipping_lines: Array<{ id: number; title: string; code: string; price: number; source: string }>;
	note_attributes: Array<{ name: string; value: string }>;
	financial_status: string;
	inventoryDecremented: boolean;
	cancelled_at: number | null;
	cancel_reason: string | null;
	closed_at: number | null;
	created_at: number;
	updated_at: number;
	processed_at: number;
	transactions: Transaction[];
	fulfillments: Fulfillment[];
	refunds: Refund[];
}

/** A metafield of a resource (only orders here): namespace + key unique per resource. */
export interface Metafield {
	id: number;
	owner_resource: 'order';
	owner_id: number;
	namespace: string;
	key: string;
	value: string;
	type: string;
	description: string | null;
	created_at: number;
	updated_at: number;
}

export interface Webhook extends WebhookSubscription {
	format: string;
	api_version: string;
	created_at: number;
	updated_at: number;
}

export const TRACKING_URLS: Record<string, (n: string) => string> = {
	PostNL: (n) => `https://jouw.postnl.nl/track-and-trace/${n}`,
	DHL: (n) => `https://www.dhl.com/nl-nl/home/tracking.html?tracking-id=${n}`,
	'DHL Express': (n) => `https://www.dhl.com/nl-nl/home/tracking.html?tracking-id=${n}`,
	DPD: (n) => `https://tracking.dpd.de/status/nl_NL/parcel/${n}`,
	UPS: (n) => `https://www.ups.com/track?tracknum=${n}`,
	bpost: (n) => `https://track.bpost.cloud/btr/web/#/search?itemCode=${n}`,
	GLS: (n) => `https://gls-group.eu/NL/nl/pakket-volgen?match=${n}`,
};

export class ShopifyStore {
	readonly locations: Location[] = [];
	readonly products = new Map<number, Product>();
	readonly variants = new Map<number, Variant>();
	/** inventory_item_id -> location_id -> available */
	readonly levels = new Map<number, Map<number, { available: number; updated_at: number }>>();
	readonly orders = new Map<number, Order>();
	readonly fulfillmentOrders = new Map<number, FulfillmentOrder>();
	readonly metafields = new Map<number, Metafield>();
	readonly webhooks: WebhookRegistry<Webhook>;
	readonly ids = new IdSequence({
		location: 61_000_000_000,
		product: 7_100_000_000_000,
		variant: 41_000_000_000_000,
		inventoryItem: 43_000_000_000_000,
		order: 5_500_000_000_000,
		lineItem: 13_000_000_000_000,
		fulfillmentOrder: 6_200_000_000_000,
		foLine: 12_000_000_000_000,
		fulfillment: 4_800_000_000_000,
		refund: 900_000_000_000,
		refundLine: 500_000_000_000,
		transaction: 6_700_000_000_000,
		shippingLine: 4_100_000_000_000,
		webhook: 1_100_000_000,
		number: 1000,
		customer: 7_800_000_000_000,
		metafield: 21_000_000_000_000,
	});

	constructor(
		dispatcher: WebhookDispatcher,
		private readonly onInventoryChange: (inventoryItemId: number, locationId: number) => void,
	) {
		// Shopify removes a subscription after 19 consecutive failed deliveries.
		this.webhooks = new WebhookRegistry<Webhook>(dispatcher, 19, WEBHOOK_TIMEOUT_MS);
	}

	clear(): void {
		this.locations.length = 0;
		for (const map of [
			this.products,
			this.variants,
			this.levels,
			this.orders,
			this.fulfillmentOrders,
			this.metafields,
		])
			map.clear();
		this.webhooks.clear();
		this.ids.reset();
	}

	/**
	 * Creates a metafield of an order (Metafield resource, REST): namespace 3-255 characters, key up to 64 of letters,
	 * digits, `-`, `_`, `.`, a type and a value; a namespace + key the order has already is refused (422). New
	 * metafields get increasing ids.
	 */
	createOrderMetafield(order: Order, input: Body, now: number): Metafield {
		const text = (v: unknown) =>
			typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
		const namespace = text(input.namespace);
		const key = text(input.key);
		const type = text(input.type);
		const value = text(input.value);
		const problems: Record<string, string[]> = {};
		if (namespace.length < 3 || namespace.length > 255)
			problems.namespace = ['is too short or too long (between 3 and 255 characters)'];
		if (!/^[A-Za-z0-9_.-]{1,64}$/.test(key))
			problems.key = ['must be 1 to 64 letters, digits, hyphens, underscores or periods'];
		if (type === '') problems.type = ["can't be blank"];
		if (value === '') problems.value = ["can't be blank"];
		if (Object.keys(problems).length > 0) throw new ShopifyError(422, problems);
		const taken = [...this.metafields.values()].some(
			(m) => m.owner_id === order.id && m.namespace === namespace && m.key === key,
		);
		if (taken)
			throw new ShopifyError(422, {
				key: ['must be unique within this namespace on this resource'],
			});
		const metafield: Metafield = {
			id: this.ids.next('metafield'),
			owner_resource: 'order',
			owner_id: order.id,
			namespace,
			key,
			value,
			type,
			description: input.description === undefined ? null : text(input.description),
			created_at: now,
			updated_at: now,
		};
		this.metafields.set(metafield.id, metafield);
		return metafield;
	}

	primaryLocation(): Location {
		return this.locations[0] as Location;
	}

	available(inventoryItemId: number): number {
		return [...(this.levels.get(inventoryItemId)?.values() ?? [])].reduce(
			(s, l) => s + l.available,
			0,
		);
	}

	variantByInventoryItem(inventoryItemId: number): Variant | undefined {
		return [...this.variants.values()].find((v) => v.inventory_item_id === inventoryItemId);
	}

	setLevel(
		inventoryItemId: number,
		locationId: number,
		available: number,
		at: number,
	): { available: number; updated_at: number } {
		let byLocation = this.levels.get(inventoryItemId);
		if (!byLocation) {
			byLocation = new Map();
			this.levels.set(inventoryItemId, byLocation);
		}
		const level = { available, updated_at: at };
		byLocation.set(locationId, level);
		const variant = this.variantByInventoryItem(inventoryItemId);
		if (variant) variant.updated_at = at;
		this.onInventoryChange(inventoryItemId, locationId);
		return level;
	}

	adjustLevel(inventoryItemId: number, locationId: number, delta: number, at: number): void {
		const current = this.levels.get(inventoryItemId)?.get(locationId)?.available ?? 0;
		this.setLevel(inventoryItemId, locationId, current + delta, at);
	}

	addProduct(input: Body, at: number): Product {
		const id = this.ids.next('product');
		const title = optionalString(input.title) ?? 'Product';
		const variantsInput = asList(input.variants);
		const product: Product = {
			id,
			title,
			handle: slugify(title),
			vendor: optionalString(input.vendor) ?? 'Emulator Shop',
			product_type: optionalString(input.product_type) ?? '',
			status: optionalString(input.status) ?? 'active',
			tags: optionalString(input.tags) ?? '',
			options: asList(input.options).map((o) => ({
				name: optionalString(o.name) ?? 'Title',
				values: Array.isArray(o.values) ? o.values.map(String) : [],
			})),
			variants: [],
			created_at: at,
			updated_at: at,
		};
		if (product.options.length === 0)
			product.options = [{ name: 'Title', values: ['Default Title'] }];
		(variantsInput.length > 0 ? variantsInput : [{}]).forEach((v, index) => {
			const variant: Variant = {
				id: this.ids.next('variant'),
				product_id: id,
				title: optionalString(v.option1) ?? 'Default Title',
				price: money(toNumber(v.price, 0)),
				sku: optionalString(v.sku) ?? '',
				barcode: optionalString(v.barcode) ?? '',
				position: index + 1,
				option1: optionalString(v.option1) ?? 'Default Title',
				inventory_item_id: this.ids.next('inventoryItem'),
				inventory_management: v.inventory_management === null ? null : 'shopify',
				inventory_policy: v.inventory_policy === 'continue' ? 'continue' : 'deny',
				requires_shipping: v.requires_shipping !== false,
				created_at: at,
				updated_at: at,
			};
			product.variants.push(variant);
			this.variants.set(variant.id, variant);
			if (v.inventory_quantity !== undefined)
				this.setLevel(
					variant.inventory_item_id,
					this.primaryLocation().id,
					toNumber(v.inventory_quantity),
					at,
				);
		});
		this.products.set(id, product);
		return product;
	}

	static subtotal(order: Order): number {
		return round2(order.line_items.reduce((s, l) => s + l.price * l.quantity, 0));
	}

	static total(order: Order): number {
		return round2(
			ShopifyStore.subtotal(order) + order.shipping_lines.reduce((s, l) => s + l.price, 0),
		);
	}

	static captured(order: Order): number {
		return round2(
			order.transactions
				.filter((t) => t.status === 'success' && (t.kind === 'sale' || t.kind === 'capture'))
				.reduce((s, t) => s + t.amount, 0),
		);
	}

	static refundedAmount(order: Order): number {
		return round2(
			order.transactions
				.filter((t) => t.status === 'success' && t.kind === 'refund')
				.reduce((s, t) => s + t.amount, 0),
		);
	}

	static fulfillmentStatus(order: Order): string | null {
		const shippable = order.line_items.filter(
			(l) => l.requires_shipping && l.quantity - l.refunded > 0,
		);
		const fulfilled = shippable.reduce((s, l) => s + l.fulfilled, 0);
		if (fulfilled === 0) return null;
		return shippable.every((l) => l.fulfilled >= l.quantity - l.refunded) ? 'fulfilled' : 'partial';
	}

	createOrder(input: Body, at: number): Order {
		const linesInput = asList(input.line_items);
		if (linesInput.length === 0) throw invalid('line_items', "can't be blank");
		const lines: LineItem[] = linesInput.map((l) => {
			const variant =
				l.variant_id !== undefined && l.variant_id !== null
					? this.variants.get(toNumber(l.variant_id, -1))
					: undefined;
			if (l.variant_id !== undefined && l.variant_id !== null && !variant)
				throw invalid('line_items', 'variant_id is invalid');
			if (!variant && (!optionalString(l.title) || l.price === undefined))
				throw invalid('line_items', 'title and price are required for custom line items');
			const product = variant ? this.products.get(variant.product_id) : undefined;
			const quantity = Math.trunc(toNumber(l.quantity, 1));
			if (quantity < 1) throw invalid('line_items', 'quantity must be greater than or equal to 1');
			const title = product?.title ?? optionalString(l.title) ?? '';
			return {
				id: this.ids.next('lineItem'),
				variant_id: variant?.id ?? null,
				product_id: variant?.product_id ?? null,
				title,
				name: variant && variant.title !== 'Default Title' ? `${title} - ${variant.title}` : title,
				sku: variant?.sku ?? optionalString(l.sku) ?? null,
				quantity,
				price: l.price !== undefined ? toNumber(l.price) : toNumber(variant?.price),
				requires_shipping: variant?.requires_shipping ?? l.requires_shipping !== false,
				fulfilled: 0,
				refunded: 0,
			};
		});
		const behaviour = optionalString(input.inventory_behaviour) ?? 'bypass';
		if (!['bypass', 'decrement_ignoring_policy', 'decrement_obeying_policy'].includes(behaviour))
			throw invalid('inventory_behaviour', 'is invalid');
		const location = this.primaryLocation();
		if (behaviour === 'decrement_obeying_policy') {
			for (const line of lines) {
				const variant = line.variant_id === null ? undefined : this.variants.get(line.variant_id);
				if (
					variant?.inventory_management === 'shopify' &&
					variant.inventory_policy === 'deny' &&
					this.available(variant.inventory_item_id) < line.quantity
				) {
					throw invalid('line_items', `${line.name} is out of stock`);
				}
			}
		}
		const customer = asBody(input.customer);
		const number = this.ids.next('number');
		const order: Order = {
			id: this.ids.next('order'),
			name: `#${number}`,
			order_number: number,
			email: optionalString(input.email) ?? optionalString(customer.email) ?? '',
			note: optionalString(input.note) ?? null,
			tags: optionalString(input.tags) ?? '',
			source_name: optionalString(input.source_name) ?? 'api',
			test: input.test === true,
			currency: optionalString(input.currency) ?? 'EUR',
			customer:
				Object.keys(customer).length > 0 ? { id: this.ids.next('order'), ...customer } : null,
			billing_address: input.billing_address ? asBody(input.billing_address) : null,
			shipping_address: input.shipping_address ? asBody(input.shipping_address) : null,
			line_items: lines,
			shipping_lines: asList(input.shipping_lines).map((s) => ({
				id: this.ids.next('shippingLine'),
				title: optionalString(s.title) ?? 'Shipping',
				code: optionalString(s.code) ?? optionalString(s.title) ?? 'Shipping',
				price: toNumber(s.price),
				source: optionalString(s.source) ?? 'shopify',
			})),
			note_attributes: asList(input.note_attributes).map((n) => ({
				name: String(n.name),
				value: String(n.value),
			})),
			financial_status: 'pending',
			inventoryDecremented: behaviour !== 'bypass',
			cancelled_at: null,
			cancel_reason: null,
			closed_at: null,
			created_at: at,
			updated_at: at,
			processed_at: input.processed_at ? Date.parse(String(input.processed_at)) || at : at,
			transactions: [],
			fulfillments: [],
			refunds: [],
		};
		const txInputs = asList(input.transactions);
		const financial =
			optionalString(input.financial_status) ?? (txInputs.length > 0 ? undefined : 'paid');
		if (txInputs.length > 0) {
			for (const t of txInputs) {
				order.transactions.push({
					id: this.ids.next('transaction'),
					order_id: order.id,
					kind: (optionalString(t.kind) as Transaction['kind']) ?? 'sale',
					gateway: optionalString(t.gateway) ?? 'manual',
					status: (optionalString(t.status) as Transaction['status']) ?? 'success',
					amount: toNumber(t.amount, ShopifyStore.total(order)),
					parent_id: null,
					created_at: at,
				});
			}
		} else if (financial === 'paid') {
			order.transactions.push({
				id: this.ids.next('transaction'),
				order_id: order.id,
				kind: 'sale',
				gateway: 'manual',
				status: 'success',
				amount: ShopifyStore.total(order),
				parent_id: null,
				created_at: at,
			});
		}
		order.financial_status =
			financial ??
			(ShopifyStore.captured(order) >= ShopifyStore.total(order)
				? 'paid'
				: order.transactions.some((t) => t.kind === 'authorization')
					? 'authorized'
					: 'pending');
		this.orders.set(order.id, order);
		const shippable = lines.filter((l) => l.requires_shipping);
		if (shippable.length > 0) {
			const fo: FulfillmentOrder = {
				id: this.ids.next('fulfillmentOrder'),
				order_id: order.id,
				assigned_location_id: location.id,
				status: 'open',
				created_at: at,
				updated_at: at,
				line_items: shippable.map((l) => ({
					id: this.ids.next('foLine'),
					line_item_id: l.id,
					inventory_item_id:
						l.variant_id === null
							? null
							: (this.variants.get(l.variant_id)?.inventory_item_id ?? null),
					variant_id: l.variant_id,
					quantity: l.quantity,
					fulfillable_quantity: l.quantity,
				})),
			};
			this.fulfillmentOrders.set(fo.id, fo);
		}
		if (order.inventoryDecremented) {
			for (const l of lines) {
				const variant = l.variant_id === null ? undefined : this.variants.get(l.variant_id);
				if (variant?.inventory_management === 'shopify')
					this.adjustLevel(variant.inventory_item_id, location.id, -l.quantity, at);
			}
		}
		return order;
	}

	fulfillmentOrdersOf(orderId: number): FulfillmentOrder[] {
		return [...this.fulfillmentOrders.values()].filter((fo) => fo.order_id === orderId);
	}

	fulfill(input: Body, at: number): { order: Order; fulfillment: Fulfillment } {
		const groups = asList(input.line_items_by_fulfillment_order);
		if (groups.length === 0)
			throw new ShopifyError(400, { fulfillment: 'Required parameter missing or invalid' });
		const picks: Array<{ fo: FulfillmentOrder; line: FulfillmentOrderLine; quantity: number }> = [];
		for (const group of groups) {
			const fo = this.fulfillmentOrders.get(toNumber(group.fulfillment_order_id, -1));
			if (!fo) throw new ShopifyError(404, 'Not Found');
			if (fo.status === 'closed' || fo.status === 'cancelled')
				throw new ShopifyError(422, [
					`Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status}.`,
				]);
			const requested = asList(group.fulfillment_order_line_items);
			const wanted =
				requested.length > 0
					? requested.map((r) => ({
							line: fo.line_items.find((l) => l.id === toNumber(r.id, -1)),
							quantity: Math.trunc(toNumber(r.quantity, 0)),
						}))
					: fo.line_items
							.filter((l) => l.fulfillable_quantity > 0)
							.map((l) => ({ line: l, quantity: l.fulfillable_quantity }));
			for (const w of wanted) {
				if (!w.line || w.quantity < 1 || w.quantity > w.line.fulfillable_quantity)
					throw new ShopifyError(422, ['Invalid fulfillment order line item quantity requested.']);
				picks.push({ fo, line: w.line, quantity: w.quantity });
			}
		}
		const orderIds = new Set(picks.map((p) => p.fo.order_id));
		if (orderIds.size !== 1)
			throw new ShopifyError(422, ['All fulfillment orders must belong to the same order.']);
		const order = this.orders.get(picks[0]?.fo.order_id ?? -1) as Order;
		if (order.cancelled_at !== null)
			throw new ShopifyError(422, ['Cannot fulfill a cancelled order.']);
		const tracking = asBody(input.tracking_info);
		const company = optionalString(tracking.company) ?? null;
		const numbers = optionalString(tracking.number)
			? [String(tracking.number)]
			: Array.isArray(tracking.numbers)
				? tracking.numbers.map(String)
				: [];
		const url = optionalString(tracking.url);
		const urls = url
			? [url]
			: company && TRACKING_URLS[company]
				? numbers.map((n) => (TRACKING_URLS[company] as (n: string) => string)(n))
				: [];
		const fulfillment: Fulfillment = {
			id: this.ids.next('fulfillment'),
			order_id: order.id,
			name: `${order.name}.${order.fulfillments.length + 1}`,
			status: 'success',
			location_id: picks[0]?.fo.assigned_location_id ?? this.primaryLocation().id,
			tracking_company: company,
			tracking_numbers: numbers,
			tracking_urls: urls,
			lines: picks.map((p) => ({
				line_item_id: p.line.line_item_id,
				quantity: p.quantity,
				fulfillment_order_id: p.fo.id,
				fo_line_id: p.line.id,
			})),
			created_at: at,
			updated_at: at,
		};
		for (const p of picks) {
			p.line.fulfillable_quantity -= p.quantity;
			const item = order.line_items.find((l) => l.id === p.line.line_item_id);
			if (item) item.fulfilled += p.quantity;
		}
		for (const fo of new Set(picks.map((p) => p.fo))) {
			fo.status = fo.line_items.every((l) => l.fulfillable_quantity === 0)
				? 'closed'
				: 'in_progress';
			fo.updated_at = at;
		}
		order.fulfillments.push(fulfillment);
		order.updated_at = at;
		return { order, fulfillment };
	}

	cancelFulfillment(fulfillment: Fulfillment, order: Order, at: number): void {
		if (fulfillment.status === 'cancelled')
			throw new ShopifyError(422, ['Fulfillment is already cancelled.']);
		fulfillment.status = 'cancelled';
		fulfillment.updated_at = at;
		for (const line of fulfillment.lines) {
			const fo = this.fulfillmentOrders.get(line.fulfillment_order_id);
			const foLine = fo?.line_items.find((l) => l.id === line.fo_line_id);
			if (fo && foLine) {
				foLine.fulfillable_quantity += line.quantity;
				fo.status = 'open';
			}
			const item = order.line_items.find((l) => l.id === line.line_item_id);
			if (item) item.fulfilled -= line.quantity;
		}
		order.updated_at = at;
	}

	cancel(order: Order, input: Body, at: number): void {
		if (order.cancelled_at !== null)
			throw new ShopifyError(422, { error: 'Order has already been cancelled' });
		if (order.line_items.some((l) => l.fulfilled > 0))
			throw new ShopifyError(422, {
				error: 'Cannot cancel an order that has fulfilled line items',
			});
		order.cancelled_at = at;
		order.closed_at = at;
		order.cancel_reason = optionalString(input.reason) ?? 'other';
		for (const fo of this.fulfillmentOrdersOf(order.id)) {
			fo.status = 'closed';
			fo.line_items.forEach((l) => (l.fulfillable_quantity = 0));
		}
		if (order.inventoryDecremented && input.restock !== false) {
			for (const l of order.line_items) {
				const variant = l.variant_id === null ? undefined : this.variants.get(l.variant_id);
				if (variant?.inventory_management === 'shopify')
					this.adjustLevel(
						variant.inventory_item_id,
						this.primaryLocation().id,
						l.quantity - l.refunded,
						at,
					);
			}
		}
		const captured = ShopifyStore.captured(order) - ShopifyStore.refundedAmount(order);
		if (input.refund !== false && captured > 0 && input.amount !== undefined) {
			this.addTransaction(
				order,
				{
					kind: 'refund',
					amount: toNumber(input.amount),
					parent_id: order.transactions[0]?.id ?? null,
				},
				at,
			);
		}
		order.financial_status =
			order.financial_status === 'pending' || order.financial_status === 'authorized'
				? 'voided'
				: order.financial_status;
		this.updateFinancialStatus(order);
		order.updated_at = at;
	}

	addTransaction(
		order: Order,
		t: { kind: Transaction['kind']; amount: number; parent_id: number | null; gateway?: string },
		at: number,
	): Transaction {
		const tx: Transaction = {
			id: this.ids.next('transaction'),
			order_id: order.id,
			kind: t.kind,
			gateway: t.gateway ?? 'manual',
			status: 'success',
			amount: round2(t.amount),
			parent_id: t.parent_id,
			created_at: at,
		};
		order.transactions.push(tx);
		return tx;
	}

	updateFinancialStatus(order: Order): void {
		const refunded = ShopifyStore.refundedAmount(order);
		const captured = ShopifyStore.captured(order);
		if (refunded > 0)
			order.financial_status = refunded >= captured ? 'refunded' : 'partially_refunded';
	}

	/** The refund Shopify would suggest (`refunds/calculate.json`). */
	calculateRefund(
		order: Order,
		input: Body,
	): { lines: Refund['lines']; shipping: number; total: number; maxRefundable: number } {
		const lines = asList(input.refund_line_items).map((r) => {
			const item = order.line_items.find((l) => l.id === toNumber(r.line_item_id, -1));
			if (!item) throw invalid('refund_line_items', 'line_item_id is invalid');
			const quantity = Math.trunc(toNumber(r.quantity, 0));
			if (quantity < 1 || quantity > item.quantity - item.refunded)
				throw invalid('refund_line_items', 'Quantity cannot refund more items than were purchased');
			const restockType = optionalString(r.restock_type) ?? 'no_restock';
			if (!['no_restock', 'cancel', 'return', 'legacy_restock'].includes(restockType))
				throw invalid('restock_type', 'is invalid');
			if (restockType === 'cancel' && quantity > item.quantity - item.refunded - item.fulfilled) {
				throw invalid(
					'refund_line_items',
					'Cannot cancel a fulfilled line item, use restock_type return',
				);
			}
			const locationId =
				r.location_id !== undefined
					? toNumber(r.location_id)
					: restockType === 'no_restock'
						? null
						: this.primaryLocation().id;
			return {
				id: 0,
				line_item_id: item.id,
				quantity,
				restock_type: restockType,
				location_id: locationId,
				subtotal: round2(item.price * quantity),
			};
		});
		const shippingInput = asBody(input.shipping);
		const shippingTotal = order.shipping_lines.reduce((s, l) => s + l.price, 0);
		const shippingRefunded = order.refunds.reduce((s, r) => s + r.shipping, 0);
		const shipping =
			shippingInput.full_refund === true
				? round2(shippingTotal - shippingRefunded)
				: toNumber(shippingInput.amount, 0);
		if (shipping > shippingTotal - shippingRefunded + 0.0001)
			throw invalid('shipping', 'amount is greater than the refundable shipping');
		const maxRefundable = round2(ShopifyStore.captured(order) - ShopifyStore.refundedAmount(order));
		const total = round2(lines.reduce((s, l) => s + l.subtotal, 0) + shipping);
		return { lines, shipping, total, maxRefundable };
	}

	refund(order: Order, input: Body, at: number): Refund {
		const calc = this.calculateRefund(order, input);
		const transactions = asList(input.transactions).map((t) => {
			const parent = order.transactions.find((p) => p.id === toNumber(t.parent_id, -1));
			if (!parent || !['sale', 'capture'].includes(parent.kind))
				throw invalid('transactions', 'parent_id is invalid');
			if ((optionalString(t.kind) ?? 'refund') !== 'refund')
				throw invalid('transactions', 'kind must be refund');
			return { parent, amount: toNumber(t.amount, NaN) };
		});
		const amount = round2(transactions.reduce((s, t) => s + t.amount, 0));
		if (transactions.some((t) => !(t.amount > 0)))
			throw invalid('transactions', 'amount must be greater than 0');
		if (amount > calc.maxRefundable + 0.0001)
			throw new ShopifyError(422, {
				base: [
					`Refund amount is greater than the refundable amount of ${money(calc.maxRefundable)}`,
				],
			});
		const refund: Refund = {
			id: this.ids.next('refund'),
			order_id: order.id,
			note: optionalString(input.note) ?? null,
			created_at: at,
			lines: calc.lines.map((l) => ({ ...l, id: this.ids.next('refundLine') })),
			transactions: transactions.map((t) =>
				this.addTransaction(
					order,
					{ kind: 'refund', amount: t.amount, parent_id: t.parent.id, gateway: t.parent.gateway },
					at,
				),
			),
			shipping: calc.shipping,
		};
		for (const line of refund.lines) {
			const item = order.line_items.find((l) => l.id === line.line_item_id) as LineItem;
			item.refunded += line.quantity;
			if (line.restock_type === 'cancel') {
				for (const fo of this.fulfillmentOrdersOf(order.id)) {
					const foLine = fo.line_items.find((l) => l.line_item_id === item.id);
					if (foLine)
						foLine.fulfillable_quantity = Math.max(0, foLine.fulfillable_quantity - line.quantity);
					if (fo.line_items.every((l) => l.fulfillable_quantity === 0)) fo.status = 'closed';
				}
			}
			const variant = item.variant_id === null ? undefined : this.variants.get(item.variant_id);
			if (
				line.restock_type !== 'no_restock' &&
				line.location_id !== null &&
				variant?.inventory_management === 'shopify'
			) {
				this.adjustLevel(variant.inventory_item_id, line.location_id, line.quantity, at);
			}
		}
		order.refunds.push(refund);
		this.updateFinancialStatus(order);
		order.updated_at = at;
		return refund;
	}
}
