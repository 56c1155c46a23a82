import { catalogSeed, seededCustomer, street } from '../commerce.mts';
import { newQuote } from './routes/carts.mts';
import { MagentoStore } from './store.mts';

/** The catalogue, its stock split over the default source and `ams_warehouse`. */
export function seedCatalog(store: MagentoStore, seed: number, at: number): number {
	const catalog = catalogSeed(seed, 'magento2');
	for (const p of catalog.products) {
		store.addProduct(
			{
				sku: p.sku,
				name: p.title,
				price: p.price,
				custom_attributes: [{ attribute_code: 'ean', value: p.ean }],
			},
			at,
		);
		const split = catalog.random.int(0, Math.min(3, p.stock));
		store.setSourceQuantity(p.sku, 'default', p.stock - split, 1);
		if (split > 0) store.setSourceQuantity(p.sku, 'ams_warehouse', split, 1);
	}
	return catalog.products.length;
}

/** Up to `count` guest-checkout orders over salable products, some invoiced. */
export function seedOrders(store: MagentoStore, seed: number, count: number, at: number): number {
	const { random } = catalogSeed(seed, 'magento2-orders');
	const skus = [...store.products.keys()];
	let placed = 0;
	for (let i = 0; i < count && skus.length > 0; i++) {
		const quote = newQuote(store, true, at);
		const customer = seededCustomer(random);
		const sku = random.pick(skus);
		if (store.salable(sku) < 1) continue;
		store.addCartItem(quote, { sku, qty: 1 }, at);
		const address = {
			firstname: customer.firstName,
			lastname: customer.surname,
			street: [street(customer)],
			city: customer.city,
			postcode: customer.zipCode,
			country_id: customer.countryCode,
			telephone: customer.phone,
			email: customer.email,
		};
		store.setShippingInformation(
			quote,
			{
				addressInformation: {
					shipping_address: address,
					billing_address: address,
					shipping_carrier_code: 'flatrate',
					shipping_method_code: 'flatrate',
				},
			},
			at,
		);
		const order = store.placeOrder(
			quote,
			{ method: 'checkmo' },
			at - random.int(1, 72) * 3_600_000,
			customer.email,
		);
		order.updated_at = order.created_at;
		if (random.chance(0.6)) store.invoice(order, order.created_at);
		placed++;
	}
	return placed;
}
