/** Every template: its file name in workflows-templates/ and the function that builds it. */
import type { Workflow } from './builder.mts';
import { AMAZON_LANES } from './amazon.mts';
import { BOL_LANES } from './bol.mts';
import { lifecycleTemplate } from './lanes.mts';
import { MAGENTO2 } from './magento2.mts';
import { SHOPIFY } from './shopify.mts';
import { WOOCOMMERCE } from './woocommerce.mts';
import { MIINTO_LANES } from './miinto.mts';
import { stockTemplate } from './multi-stock.mts';
import { SPARTOO_STOCK } from './spartoo.mts';
import { spartooMagento2 } from './spartoo-magento2.mts';
import { spartooShopify } from './spartoo-shopify.mts';
import { spartooWooCommerce } from './spartoo-woocommerce.mts';
import { ZALANDO_LANES } from './zalando.mts';

/** The stock templates' marketplaces, in registry order. */
const STOCK = [BOL_LANES, AMAZON_LANES, ZALANDO_LANES, MIINTO_LANES, SPARTOO_STOCK];

export const TEMPLATES: Record<string, () => Workflow> = {
	'bol-woocommerce-lifecycle.json': () => lifecycleTemplate(BOL_LANES, WOOCOMMERCE).build(),
	'bol-magento2-lifecycle.json': () => lifecycleTemplate(BOL_LANES, MAGENTO2).build(),
	'bol-shopify-lifecycle.json': () => lifecycleTemplate(BOL_LANES, SHOPIFY).build(),
	'amazon-woocommerce-lifecycle.json': () => lifecycleTemplate(AMAZON_LANES, WOOCOMMERCE).build(),
	'amazon-magento2-lifecycle.json': () => lifecycleTemplate(AMAZON_LANES, MAGENTO2).build(),
	'amazon-shopify-lifecycle.json': () => lifecycleTemplate(AMAZON_LANES, SHOPIFY).build(),
	'zalando-woocommerce-lifecycle.json': () => lifecycleTemplate(ZALANDO_LANES, WOOCOMMERCE).build(),
	'zalando-magento2-lifecycle.json': () => lifecycleTemplate(ZALANDO_LANES, MAGENTO2).build(),
	'zalando-shopify-lifecycle.json': () => lifecycleTemplate(ZALANDO_LANES, SHOPIFY).build(),
	'miinto-woocommerce-lifecycle.json': () => lifecycleTemplate(MIINTO_LANES, WOOCOMMERCE).build(),
	'miinto-magento2-lifecycle.json': () => lifecycleTemplate(MIINTO_LANES, MAGENTO2).build(),
	'miinto-shopify-lifecycle.json': () => lifecycleTemplate(MIINTO_LANES, SHOPIFY).build(),
	'spartoo-woocommerce-lifecycle.json': () => spartooWooCommerce().build(),
	'spartoo-magento2-lifecycle.json': () => spartooMagento2().build(),
	'spartoo-shopify-lifecycle.json': () => spartooShopify().build(),
	'stock-woocommerce-to-marketplaces.json': () => stockTemplate(WOOCOMMERCE, STOCK).build(),
	'stock-magento2-to-marketplaces.json': () => stockTemplate(MAGENTO2, STOCK).build(),
	'stock-shopify-to-marketplaces.json': () => stockTemplate(SHOPIFY, STOCK).build(),
};
