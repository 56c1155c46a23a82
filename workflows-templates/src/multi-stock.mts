/**
 * One store's stock -> every connected marketplace (Bol.com, Amazon, Zalando, Miinto and, from WooCommerce and Magento
 * 2, Spartoo), each in one batch per run. A marketplace is switched off in Settings (`bolEnabled`, `amazonEnabled`,
 * `zalandoEnabled`, `miintoEnabled`, `spartooEnabled`); its credential is then never used. Miinto and Spartoo (in
 * preview) are off by default: Miinto until its shop is set, Spartoo until you switch it on.
 */
import { AMAZON_STOCK_SETTINGS, AMAZON_STOCK_SETTINGS_NOTE, amazonStockUpdate } from './amazon.mts';
import { BOL_SETTINGS, bolStockUpdate } from './bol.mts';
import { Lifecycle } from './lifecycle.mts';
import {
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageOnlyChanged,
	mageRememberStock,
	mageStockLevels,
} from './magento2.mts';
import { MIINTO_SETTINGS, miintoStockUpdate } from './miinto.mts';
import { spartooStockUpdate } from './spartoo.mts';
import {
	SPARTOO_PRODUCT_REFERENCE,
	SPARTOO_PRODUCT_REFERENCE_NOTE,
	SPARTOO_PRODUCT_REFERENCE_SETTING,
} from './spartoo-shopify.mts';
import {
	TEST_MODE_NOTE,
	TEST_MODE_SETTING,
	ifNode,
	isTrue,
	scheduleTrigger,
	setting,
	type Fields,
} from './nodes.mts';
import {
	SHOPIFY_SETTINGS,
	SHOPIFY_SETTINGS_NOTE,
	shopStockLevels,
	shopifyTrigger,
} from './shopify.mts';
import {
	WOO_PARENT_REFERENCE,
	WOO_SETTINGS,
	WOO_SETTINGS_NOTE,
	wooStockLevels,
	wooTrigger,
} from './woocommerce.mts';
import { ZALANDO_SETTINGS, ZALANDO_SETTINGS_NOTE, zalandoStockUpdate } from './zalando.mts';

const S = setting;

const MARKETPLACE_SETTINGS: Fields = {
	...TEST_MODE_SETTING,
	bolEnabled: { type: 'boolean', value: true },
	offerMatch: BOL_SETTINGS.offerMatch,
	amazonEnabled: { type: 'boolean', value: true },
	...AMAZON_STOCK_SETTINGS,
	zalandoEnabled: { type: 'boolean', value: true },
	salesChannelId: ZALANDO_SETTINGS.salesChannelId,
	// preview: off until the shop is set
	miintoEnabled: { type: 'boolean', value: false },
	shopId: MIINTO_SETTINGS.shopId,
	miintoProductIdentification: MIINTO_SETTINGS.miintoProductIdentification,
};

/** Spartoo's switch (every store's stock levels carry your product reference). */
const SPARTOO_SETTINGS: Fields = {
	// preview: off until you switch it on
	spartooEnabled: { type: 'boolean', value: false },
};

/** The Zalando settings note's line of a setting (the stock templates take one setting of the Zalando lifecycle's). */
function zalandoNoteLine(name: string): string {
	const line = ZALANDO_SETTINGS_NOTE.split('\n').find((l) => l.startsWith(`- **${name}**`));
	if (!line) throw new Error(`ZALANDO_SETTINGS_NOTE has no line for ${name}`);
	return line;
}

const MARKETPLACE_NOTE = `${TEST_MODE_NOTE}
- **bolEnabled**, **amazonEnabled**, **zalandoEnabled**, **miintoEnabled**: which marketplaces get the stock (a switched-off one's credential is never used; Miinto, in preview, is off until you set **shopId**)
- **offerMatch** \`reference\` (bol offer reference = store SKU) | \`ean\`
${AMAZON_STOCK_SETTINGS_NOTE}
${zalandoNoteLine('salesChannelId')}
- **shopId**: your Miinto shop (unified location id, e.g. \`1-m!i!s-045-1234\`) whose stock is set
- **miintoProductIdentification** \`productId\` (Miinto knows the item by your product id = the store SKU) | \`gtin\` (by the EAN)`;

const SPARTOO_NOTE = `- **spartooEnabled**: Spartoo (in preview: off by default) gets the stock per size, by your product reference (a WooCommerce variation or a Magento child of a configurable product: its parent's SKU; a Shopify variant of a product with options: **spartooProductReference**; any other product: its own SKU) and size reference (the SKU)`;

const settingsNote = (storeNote: string, triggers: string, spartoo = false) =>
	`## Settings\nEverything you are expected to change is in **Settings**:\n${storeNote}\n${MARKETPLACE_NOTE}${spartoo ? `\n${SPARTOO_NOTE}` : ''}\n\n${triggers}`;

/** The marketplaces' rows, relative to the stock levels. */
const ROWS = { bol: -120, amazon: 120, zalando: 360, miinto: 600, spartoo: 840 };

/**
 * Stock levels -> "To Bol?" -> bol, "To Amazon?" -> Amazon, "To Zalando?" -> Zalando (by EAN), "To Miinto?" -> Miinto
 * (by SKU or EAN), with `spartoo` (levels with `reference`) "To Spartoo?" -> Spartoo (per size). `around`: steps
 * between a marketplace's switch and its update. Returns the update nodes.
 */
function toMarketplaces(
	lane: Lifecycle,
	levels: string,
	column: number,
	y: number,
	options: {
		spartoo?: boolean;
		around?: (marketplace: string, from: string, column: number, y: number) => string;
	} = {},
): { bol: string; amazon: string; zalando: string; miinto: string; spartoo?: string } {
	const { around } = options;
	const branch = (marketplace: string, enabled: string, row: number) => {
		const to = lane.add(ifNode(`To ${marketplace}?`, [isTrue(S(enabled))]), column, y + row);
		lane.connect(levels, to);
		return around ? around(marketplace, to, column + 1, y + row) : to;
	};
	const shift = around ? 1 : 0;
	return {
		bol: bolStockUpdate(
			lane,
			branch('Bol', 'bolEnabled', ROWS.bol),
			column + 1 + shift,
			y + ROWS.bol,
		),
		amazon: amazonStockUpdate(
			lane,
			branch('Amazon', 'amazonEnabled', ROWS.amazon),
			column + 1 + shift,
			y + ROWS.amazon,
		),
		zalando: zalandoStockUpdate(
			lane,
			branch('Zalando', 'zalandoEnabled', ROWS.zalando),
			column + 1 + shift,
			y + ROWS.zalando,
		),
		miinto: miintoStockUpdate(
			lane,
			branch('Miinto', 'miintoEnabled', ROWS.miinto),
			column + 1 + shift,
			y + ROWS.miinto,
		),
		...(options.spartoo
			? {
					spartoo: spartooStockUpdate(
						lane,
						branch('Spartoo', 'spartooEnabled', ROWS.spartoo),
						column + 1 + shift,
						y + ROWS.spartoo,
					),
				}
			: {}),
	};
}

const fanOutNote = (spartoo: boolean) => `## To every marketplace
The same stock levels go to each marketplace switched on in Settings, in batches (one per store read: WooCommerce reads simple products and variations separately): bol by **offerMatch** (EANs looked up 50 per call), Amazon by seller SKU (one feed for many SKUs), Zalando by EAN on **salesChannelId** or every live sales channel (up to 1000 items per request; products without an EAN are skipped), Miinto by **miintoProductIdentification** (SKU or EAN) on the shop **shopId** (one signed call per 500 items; the item payload is unverified: see the Miinto README section)${spartoo ? ', Spartoo per size by your product reference and size reference (one call for one size, else one batch call per 500 products; stock 0 takes a product offline; a size Spartoo does not know or no longer sells fails alone)' : ''}. Offers the marketplace fulfils itself (bol FBB, Amazon FBA) keep the marketplace's stock: their update fails on purpose and the others go on. Zalando-fulfilled (FBZ) stock is Zalando's: the template only sets your own (partner-fulfilled) stock.`;

export function stockWooCommerce(): Lifecycle {
	const lane = new Lifecycle({
		id: 'mpsStockWooToAll',
		name: 'Stock: WooCommerce -> every marketplace',
		description:
			'WooCommerce stock changes to Bol.com, Amazon, Zalando, Miinto and Spartoo, batched.',
		settings: { ...WOO_SETTINGS, ...MARKETPLACE_SETTINGS, ...SPARTOO_SETTINGS },
		settingsNote: settingsNote(
			WOO_SETTINGS_NOTE,
			'The full sync interval is on its schedule trigger (n8n triggers run before Settings).',
			true,
		),
		triggers: [
			{
				node: wooTrigger('Woo: Product Updated', 'product.updated'),
				lanes: ['Store stock changed'],
			},
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
		],
	});
	// with your product reference (Spartoo): a variation is a size of its parent product
	const levels = wooStockLevels(
		lane,
		'Store stock changed',
		'Full stock sync',
		100,
		WOO_PARENT_REFERENCE,
	);
	toMarketplaces(lane, levels, 5, 100, { spartoo: true });
	lane.note(
		`## Store stock
A product saved in WooCommerce -> after **stockSettleSeconds** its current stock (or its variations') is read again; every hour the whole catalogue. The EAN is the product's \`global_unique_id\`, else its meta **eanMetaKey**. Your product reference (Spartoo) is a variation's parent SKU, else the product's own SKU.\n\n${fanOutNote(true)}`,
		5,
	);
	return lane;
}

export function stockMagento2(): Lifecycle {
	const lane = new Lifecycle({
		id: 'mpsStockMageToAl',
		name: 'Stock: Magento 2 -> every marketplace',
		description:
			'Magento 2 salable quantities to Bol.com, Amazon, Zalando, Miinto and Spartoo, batched, only what changed.',
		settings: { ...MAGENTO_SETTINGS, ...MARKETPLACE_SETTINGS, ...SPARTOO_SETTINGS },
		settingsNote: settingsNote(
			MAGENTO_SETTINGS_NOTE,
			'The interval is on the schedule trigger (n8n triggers run before Settings).',
			true,
		),
		triggers: [{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] }],
	});
	// with your product reference (Spartoo): a child of a configurable product is a size of it
	const levels = mageStockLevels(lane, 'Stock sync', 100, { configurableParents: true });
	const updates = toMarketplaces(lane, levels, 7, 100, {
		spartoo: true,
		around: (marketplace, from, column, y) => mageOnlyChanged(lane, from, marketplace, column, y),
	});
	// the update nodes' own input (after the managed-stock filters): their output's pairedItem indexes into it
	mageRememberStock(lane, updates.bol, 'Managed Stock Only', 'Bol', 11, 100 + ROWS.bol);
	mageRememberStock(lane, updates.amazon, 'Amazon: Managed Stock', 'Amazon', 11, 100 + ROWS.amazon);
	mageRememberStock(
		lane,
		updates.zalando,
		'Zalando: Managed Stock',
		'Zalando',
		11,
		100 + ROWS.zalando,
	);
	mageRememberStock(lane, updates.miinto, 'Miinto: Managed Stock', 'Miinto', 11, 100 + ROWS.miinto);
	mageRememberStock(
		lane,
		updates.spartoo!,
		'Spartoo: Managed Stock',
		'Spartoo',
		11,
		100 + ROWS.spartoo,
	);
	lane.note(
		`## Store stock
Every 15 minutes: the salable quantity (MSI: sources minus reservations) of every simple product; per marketplace only what it does not have yet (**Only Changed for ...**), and what it accepted is remembered (**Remember Sent to ...**, the workflow's static data). The EAN is the product attribute \`ean\`. Your product reference (Spartoo): **Magento: Configurable Products** lists the configurable products once with their children (\`configurable_product_links\`), and **Configurable Parents** gives a child the configurable product's SKU; any other simple product is its own reference.\n\n${fanOutNote(true)}`,
		5,
	);
	return lane;
}

export function stockShopify(): Lifecycle {
	const lane = new Lifecycle({
		id: 'mpsStockShopToAl',
		name: 'Stock: Shopify -> every marketplace',
		description:
			'Shopify inventory changes to Bol.com, Amazon, Zalando, Miinto and Spartoo, batched.',
		settings: {
			...SHOPIFY_SETTINGS,
			...MARKETPLACE_SETTINGS,
			...SPARTOO_SETTINGS,
			...SPARTOO_PRODUCT_REFERENCE_SETTING,
		},
		settingsNote: settingsNote(
			`${SHOPIFY_SETTINGS_NOTE}\n${SPARTOO_PRODUCT_REFERENCE_NOTE}`,
			"The full sync interval is on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.",
			true,
		),
		triggers: [
			{
				node: shopifyTrigger('Shopify: Inventory Updated', 'inventory_levels/update'),
				lanes: ['Stock changed'],
			},
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
		],
	});
	// with the variants' barcodes (Zalando finds articles by EAN only; Miinto too, by gtin) and your product reference
	// (Spartoo): a variant of a product with options is a size of that product (Settings spartooProductReference)
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', 100, {
		barcodes: true,
		fields: SPARTOO_PRODUCT_REFERENCE,
	});
	toMarketplaces(lane, levels, 9, 100, { spartoo: true });
	lane.note(
		`## Store stock
An inventory level changed in Shopify -> after **stockSettleSeconds** the item's SKU and available quantity (all locations, or **locationId**) are read again; every hour every variant. The EAN is the variant's barcode: Shopify's REST API finds no variant by inventory item, so a change reads the shop's product list once (**Shopify: Changed Item Products**) for it. Your product reference (Spartoo): a variant of a product with options is a size of that product, named by **spartooProductReference** (its handle by default); a product without options is its own reference (its SKU).\n\n${fanOutNote(true)}`,
		5,
	);
	return lane;
}
