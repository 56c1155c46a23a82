/** Every template: its file name in workflows-templates/ and the function that builds it. */
import type { Workflow } from './builder.mts';
import { bolMagento2 } from './bol-magento2.mts';
import { bolShopify } from './bol-shopify.mts';
import { bolWooCommerce } from './bol-woocommerce.mts';
import { stockMagento2, stockShopify, stockWooCommerce } from './multi-stock.mts';

export const TEMPLATES: Record<string, () => Workflow> = {
	'bol-woocommerce-lifecycle.json': () => bolWooCommerce().wf,
	'bol-magento2-lifecycle.json': () => bolMagento2().wf,
	'bol-shopify-lifecycle.json': () => bolShopify().wf,
	'stock-woocommerce-to-marketplaces.json': () => stockWooCommerce().wf,
	'stock-magento2-to-marketplaces.json': () => stockMagento2().wf,
	'stock-shopify-to-marketplaces.json': () => stockShopify().wf,
};
