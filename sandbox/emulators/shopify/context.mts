import type { Body } from '../commerce.mts';
import type { ServiceContext } from '../core/service.mts';
import type { CursorFilters } from './http.mts';
import type { ShopifyPresenters } from './present.mts';
import type { Order, ShopifyStore } from './store.mts';

/** A type (not an interface): the admin API reads it as a record of settings. */
export type ShopifySettings = {
	/** Shopify only accepts https webhook addresses; the emulator allows http (for local n8n) unless this is false. */
	allowHttpWebhookAddress: boolean;
	defaultSeedOrders: number;
};

/** What the route modules share: one per running service, built by `shopifyService`. */
export interface ShopifyContext {
	ctx: ServiceContext;
	store: ShopifyStore;
	settings: ShopifySettings;
	shopDomain: string;
	now: () => number;
	present: ShopifyPresenters;
	/** Delivers a webhook to the topic's subscriptions, signed with the app secret. */
	emit: (topic: string, payload: Body) => void;
	/** Emits the order's representation under each topic. */
	orderEvents: (order: Order, ...topics: string[]) => void;
	cursors: CursorFilters;
}
