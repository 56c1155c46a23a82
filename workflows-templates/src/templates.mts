/** Every template: its file name in workflows-templates/ and the function that builds it. */
import type { Workflow } from './builder.mts';
import { amazonMagento2 } from './amazon-magento2.mts';
import { amazonShopify } from './amazon-shopify.mts';
import { amazonWooCommerce } from './amazon-woocommerce.mts';
import { bolMagento2 } from './bol-magento2.mts';
import { bolShopify } from './bol-shopify.mts';
import { bolWooCommerce } from './bol-woocommerce.mts';
import { miintoMagento2 } from './miinto-magento2.mts';
import { miintoShopify } from './miinto-shopify.mts';
import { miintoWooCommerce } from './miinto-woocommerce.mts';
import { stockMagento2, stockShopify, stockWooCommerce } from './multi-stock.mts';
import { spartooMagento2 } from './spartoo-magento2.mts';
import { spartooShopify } from './spartoo-shopify.mts';
import { spartooWooCommerce } from './spartoo-woocommerce.mts';
import { zalandoMagento2 } from './zalando-magento2.mts';
import { zalandoShopify } from './zalando-shopify.mts';
import { zalandoWooCommerce } from './zalando-woocommerce.mts';

export const TEMPLATES: Record<string, () => Workflow> = {
	'bol-woocommerce-lifecycle.json': () => bolWooCommerce().build(),
	'bol-magento2-lifecycle.json': () => bolMagento2().build(),
	'bol-shopify-lifecycle.json': () => bolShopify().build(),
	'amazon-woocommerce-lifecycle.json': () => amazonWooCommerce().build(),
	'amazon-magento2-lifecycle.json': () => amazonMagento2().build(),
	'amazon-shopify-lifecycle.json': () => amazonShopify().build(),
	'zalando-woocommerce-lifecycle.json': () => zalandoWooCommerce().build(),
	'zalando-magento2-lifecycle.json': () => zalandoMagento2().build(),
	'zalando-shopify-lifecycle.json': () => zalandoShopify().build(),
	'miinto-woocommerce-lifecycle.json': () => miintoWooCommerce().build(),
	'miinto-magento2-lifecycle.json': () => miintoMagento2().build(),
	'miinto-shopify-lifecycle.json': () => miintoShopify().build(),
	'spartoo-woocommerce-lifecycle.json': () => spartooWooCommerce().build(),
	'spartoo-magento2-lifecycle.json': () => spartooMagento2().build(),
	'spartoo-shopify-lifecycle.json': () => spartooShopify().build(),
	'stock-woocommerce-to-marketplaces.json': () => stockWooCommerce().build(),
	'stock-magento2-to-marketplaces.json': () => stockMagento2().build(),
	'stock-shopify-to-marketplaces.json': () => stockShopify().build(),
};
