/**
 * Every template: its file name in workflows-templates/ and the function that builds it. The lifecycle templates are
 * every shipped marketplace of the registry that has lanes x every store; the stock templates one per store, to every
 * such marketplace.
 */
import {
	availableMarketplaces,
	shippedMarketplaces,
	type MarketplaceId,
} from '../../nodes/shared/marketplaces';
import { AMAZON_LANES } from './amazon.mts';
import { BOL_LANES } from './bol.mts';
import type { Workflow } from './builder.mts';
import { lifecycleTemplate, type MarketplaceLanes, type StoreLanes } from './lanes.mts';
import { MAGENTO2 } from './magento2.mts';
import { MIINTO_LANES } from './miinto.mts';
import { stockTemplate } from './multi-stock.mts';
import { SHOPIFY } from './shopify.mts';
import { SPARTOO_LANES } from './spartoo.mts';
import { WOOCOMMERCE } from './woocommerce.mts';
import { ZALANDO_LANES } from './zalando.mts';

/** Each marketplace's lanes, by registry id. */
const LANES: Partial<Record<MarketplaceId, MarketplaceLanes>> = {
	bol: BOL_LANES,
	amazon: AMAZON_LANES,
	zalando: ZALANDO_LANES,
	miinto: MIINTO_LANES,
	spartoo: SPARTOO_LANES,
};

const STORES: StoreLanes[] = [WOOCOMMERCE, MAGENTO2, SHOPIFY];

const lanesOf = (id: string) => LANES[id as MarketplaceId];

for (const { id, title } of availableMarketplaces())
	if (!lanesOf(id))
		throw new Error(
			`${title} is available (registry) but has no MarketplaceLanes in LANES (templates.mts)`,
		);

/** The shipped marketplaces with lanes, in registry order. */
const MARKETPLACES = shippedMarketplaces().flatMap((entry) => lanesOf(entry.id) ?? []);

export const TEMPLATES: Record<string, () => Workflow> = Object.fromEntries([
	...MARKETPLACES.flatMap((marketplace) =>
		STORES.map((store) => [
			`${marketplace.entry.id}-${store.id}-lifecycle.json`,
			() => lifecycleTemplate(marketplace, store).build(),
		]),
	),
	...STORES.map((store) => [
		`stock-${store.id}-to-marketplaces.json`,
		() => stockTemplate(store, MARKETPLACES).build(),
	]),
]);
