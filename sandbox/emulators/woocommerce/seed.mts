import { catalogSeed, seededCustomer, street, type Body, type Customer } from '../commerce.mts';
import { createOrder } from './routes/orders.mts';
import { newProduct } from './routes/products.mts';
import { newVariation } from './routes/variations.mts';
import { WooStore, type WooProduct } from './store.mts';

function addressOf(c: Customer, withContact: boolean): Body {
	return {
		first_name: c.firstName,
		last_name: c.surname,
		company: c.company ?? '',
		address_1: street(c),
		address_2: c.extraAddressInformation ?? '',
		city: c.city,
		state: '',
		postcode: c.zipCode,
		country: c.countryCode,
		...(withContact ? { email: c.email, phone: c.phone } : { phone: '' }),
	};
}

/** The catalogue: simple products and variable products with their variations, with an `_ean` meta field. */
export function seedCatalog(store: WooStore, seed: number, at: number): number {
	const catalog = catalogSeed(seed, 'woocommerce');
	for (const p of catalog.simple) {
		const product = newProduct(
			store,
			{
				name: p.title,
				sku: p.sku,
				regular_price: p.price,
				manage_stock: true,
				stock_quantity: p.stock,
			},
			at,
		);
		product.meta_data.push({ id: store.ids.next('meta'), key: '_ean', value: p.ean });
		product.categories = [store.categories[1] as WooProduct['categories'][number]];
	}
	for (const [familySku, members] of catalog.families) {
		const first = members[0];
		if (!first) continue;
		const parent = newProduct(
			store,
			{
				name: first.familyTitle,
				sku: familySku,
				type: 'variable',
				regular_price: first.price,
				attributes: [
					{
						name: first.option?.name,
						variation: true,
						options: members.map((m) => m.option?.value),
					},
				],
			},
			at,
		);
		parent.categories = [store.categories[2] as WooProduct['categories'][number]];
		for (const m of members) {
			const variation = newVariation(
				store,
				parent,
				{
					sku: m.sku,
					regular_price: m.price,
					manage_stock: true,
					stock_quantity: m.stock,
					attributes: [{ name: m.option?.name, option: m.option?.value }],
				},
				at,
			);
			variation.meta_data.push({ id: store.ids.next('meta'), key: '_ean', value: m.ean });
		}
	}
	return catalog.products.length;
}

/** `count` checkout orders over the catalogue, from the seeded generators. */
export function seedOrders(store: WooStore, seed: number, count: number, at: number): number {
	const { random } = catalogSeed(seed, 'woocommerce-orders');
	const buyable = [...store.products.values()].flatMap((p) =>
		p.type === 'variable'
			? p.variations.map((id) => ({ product_id: p.id, variation_id: id }))
			: [{ product_id: p.id, variation_id: 0 }],
	);
	for (let i = 0; i < count && buyable.length > 0; i++) {
		const customer = seededCustomer(random);
		const order = createOrder(
			store,
			{
				billing: addressOf(customer, true),
				shipping: addressOf(customer, false),
				payment_method: random.pick(['stripe', 'mollie_wc_gateway_ideal', 'bacs']),
				line_items: [{ ...random.pick(buyable), quantity: random.int(1, 2) }],
				shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNL', total: '4.95' }],
				set_paid: random.chance(0.8),
			},
			at - random.int(1, 72) * 3_600_000,
			'checkout',
		);
		order.date_modified = order.date_created;
	}
	return count;
}
