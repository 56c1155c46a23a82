import { catalogSeed, seededCustomer, street, type Body, type Customer } from '../commerce.mts';
import { ShopifyStore, type Variant } from './store.mts';

function addressOf(c: Customer): Body {
	return {
		first_name: c.firstName,
		last_name: c.surname,
		name: `${c.firstName} ${c.surname}`,
		company: c.company ?? null,
		address1: street(c),
		address2: c.extraAddressInformation ?? null,
		city: c.city,
		zip: c.zipCode,
		province: null,
		country: c.countryCode === 'NL' ? 'Netherlands' : 'Belgium',
		country_code: c.countryCode,
		phone: c.phone,
	};
}

/** The shop's two locations, created on every reset. */
export function addLocations(store: ShopifyStore): void {
	store.locations.push(
		{
			id: store.ids.next('location'),
			name: 'Magazijn Amsterdam',
			address1: 'Cruquiusweg 110',
			city: 'Amsterdam',
			zip: '1019AK',
			country_code: 'NL',
			active: true,
		},
		{
			id: store.ids.next('location'),
			name: 'Winkel Utrecht',
			address1: 'Oudegracht 150',
			city: 'Utrecht',
			zip: '3511AZ',
			country_code: 'NL',
			active: true,
		},
	);
}

/** The catalogue (when the shop has no products yet) and `orders` orders, from the seeded generators. */
export function seedShop(
	store: ShopifyStore,
	seedValue: number,
	orders: number,
	at: number,
): { products: number; orders: number } {
	const catalog = catalogSeed(seedValue, 'shopify');
	if (store.products.size === 0) {
		const location = store.primaryLocation();
		for (const p of catalog.simple) {
			const product = store.addProduct(
				{
					title: p.title,
					vendor: 'Emulator Shop',
					variants: [{ price: p.price, sku: p.sku, barcode: p.ean }],
				},
				at,
			);
			const variant = product.variants[0] as Variant;
			store.setLevel(variant.inventory_item_id, location.id, p.stock, at);
		}
		for (const members of catalog.families.values()) {
			const first = members[0];
			if (!first) continue;
			const product = store.addProduct(
				{
					title: first.familyTitle,
					options: [{ name: first.option?.name, values: members.map((m) => m.option?.value) }],
					variants: members.map((m) => ({
						price: m.price,
						sku: m.sku,
						barcode: m.ean,
						option1: m.option?.value,
					})),
				},
				at,
			);
			product.variants.forEach((v, i) =>
				store.setLevel(v.inventory_item_id, location.id, members[i]?.stock ?? 0, at),
			);
		}
	}
	const variants = [...store.variants.values()];
	for (let i = 0; i < orders && variants.length > 0; i++) {
		const customer = seededCustomer(catalog.random);
		const order = store.createOrder(
			{
				email: customer.email,
				customer: {
					first_name: customer.firstName,
					last_name: customer.surname,
					email: customer.email,
				},
				billing_address: addressOf(customer),
				shipping_address: addressOf(customer),
				line_items: [
					{ variant_id: catalog.random.pick(variants).id, quantity: catalog.random.int(1, 2) },
				],
				shipping_lines: [{ title: 'PostNL', price: '4.95', code: 'PostNL' }],
				inventory_behaviour: 'decrement_ignoring_policy',
				source_name: 'web',
			},
			at - catalog.random.int(1, 72) * 3_600_000,
		);
		order.updated_at = order.created_at;
	}
	return { products: catalog.products.length, orders };
}
