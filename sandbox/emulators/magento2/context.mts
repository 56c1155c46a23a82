import type { ServiceContext } from '../core/service.mts';
import type { MagentoPresenters } from './present.mts';
import type { MagentoStore } from './store.mts';

/** A type (not an interface): the admin API reads it as a record of settings. */
export type MagentoSettings = { adminTokenLifetimeHours: number; defaultSeedOrders: number };

/** What the route modules share: one per running service, built by `magento2Service`. */
export interface MagentoContext {
	ctx: ServiceContext;
	store: MagentoStore;
	settings: MagentoSettings;
	now: () => number;
	present: MagentoPresenters;
	/** Admin tokens issued by `POST /integration/admin/token`, with their expiry (emulated ms). */
	adminTokens: Map<string, number>;
	username: string;
	password: string;
}
