import { Random } from '../core/random.mts';

/**
 * The product catalogue shared by every emulator: the same seed gives the same EANs and SKUs in the marketplace
 * (bol offers: `ean` + `reference`) and in the stores (WooCommerce/Shopify/Magento SKUs and barcodes), so a sync
 * flow can match order lines to store products.
 */
export interface CatalogProduct {
	ean: string;
	/** Store SKU = bol offer `reference`. */
	sku: string;
	title: string;
	/** Price incl. VAT, EUR. */
	price: number;
	/** Initial stock of the retailer (store and bol FBR offer). */
	stock: number;
	/** For variants: the SKU of the family (WooCommerce variable product, Shopify product with variants). */
	familySku?: string;
	familyTitle?: string;
	option?: { name: string; value: string };
	/** Fulfilled by bol (FBB) at the marketplace. */
	fbb: boolean;
}

const SIMPLE_PRODUCTS: ReadonlyArray<readonly [string, number]> = [
	["Koffiemok 'Gezellig' 350 ml", 12.95],
	['Fietsbel Retro – mat zwart', 9.99],
	['Crème de jour SPF 30 – 50 ml', 24.5],
	['Thermosfles Zürich 500 ml', 19.95],
	['Tandenborstel bamboe (4 stuks)', 7.49],
	['Kinderboek: Het Ĳsvogeltje', 14.99],
	['Geurkaars Vanille & Crème brûlée', 16.0],
	['Wollen plaid Ærø 130×170 cm', 59.95],
	['USB-C kabel 2 m – gevlochten', 11.99],
	['Theeblikje Matcha Ūji 80 g', 21.5],
	['Puzzel 1000 stukjes – Grand-Place', 17.99],
	['Snijplank eikenhout 40×25', 34.95],
	['Pennenset Écriture (3 stuks)', 8.95],
	['Boodschappentas gerecycled – okergeel', 6.5],
];

const FAMILIES: ReadonlyArray<readonly [string, number, string, readonly string[]]> = [
	["Hoodie 'Ålesund'", 49.95, 'Maat', ['S', 'M', 'L', 'XL']],
	['Sneaker Brügge', 89.0, 'Maat', ['40', '42', '44']],
	['Regenjas Sœur', 74.5, 'Kleur', ['Zwart', 'Olijfgroen']],
];

/** A valid EAN-13 (check digit computed) with a Dutch (87) or Belgian (54) prefix. */
export function ean13(random: Random): string {
	const body = `${random.pick(['87', '54'])}${random.digits(10)}`;
	const sum = body
		.split('')
		.reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
	return `${body}${(10 - (sum % 10)) % 10}`;
}

export function isValidEan13(ean: string): boolean {
	if (!/^\d{13}$/.test(ean)) return false;
	const sum = ean
		.slice(0, 12)
		.split('')
		.reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
	return (10 - (sum % 10)) % 10 === Number(ean[12]);
}

/** The catalogue for a seed (always the same ~24 products for one seed, whatever the number of orders). */
export function generateCatalog(seed: number): CatalogProduct[] {
	const random = new Random(seed).fork('catalog');
	const sku = () => `MPS-${random.chars(5, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}`;
	const stock = () =>
		random.weighted<number>([
			[0, 1],
			[random.int(1, 5), 2],
			[random.int(6, 120), 7],
		]);
	const products: CatalogProduct[] = SIMPLE_PRODUCTS.map(([title, price]) => ({
		ean: ean13(random),
		sku: sku(),
		title,
		price,
		stock: stock(),
		fbb: random.chance(0.2),
	}));
	for (const [familyTitle, price, optionName, values] of FAMILIES) {
		const familySku = sku();
		for (const value of values) {
			products.push({
				ean: ean13(random),
				sku: `${familySku}-${value.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
				title: `${familyTitle} – ${value}`,
				price,
				stock: stock(),
				familySku,
				familyTitle,
				option: { name: optionName, value },
				fbb: false,
			});
		}
	}
	return products;
}
