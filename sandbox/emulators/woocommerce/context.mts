import type { Body } from '../commerce.mts';
import type { ServiceContext } from '../core/service.mts';
import type { WooPresenters } from './present.mts';
import type { WooStore } from './store.mts';

/** A type (not an interface): the admin API reads it as a record of settings. */
export type WooSettings = {
	/** WooCommerce core ignores meta_key/meta_value on GET /orders; true emulates a shop with a query filter snippet. */
	orderMetaQuery: boolean;
	/** Orders generated at start (with a seed). */
	defaultSeedOrders: number;
};

/** What the route modules share: one per running service, built by `wooCommerceService`. */
export interface WooContext {
	ctx: ServiceContext;
	store: WooStore;
	settings: WooSettings;
	now: () => number;
	present: WooPresenters;
	/** Delivers a webhook to the topic's subscriptions (`X-WC-Webhook-*` headers, signed with each one's secret). */
	emit: (topic: string, payload: Body) => void;
}
