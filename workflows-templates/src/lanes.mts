/**
 * The two contracts every lifecycle template is made of, and the one generator that makes them.
 *
 * - `MarketplaceLanes` (one per marketplace, in `<marketplace>.mts`): the marketplace's triggers, settings and the steps
 *   that talk to it, each with the same arguments whatever the store (`lane, from, column, y`), and the marketplace's
 *   words for each store (sticky-note sentences, expressions that read a store's refund or return) as data.
 * - `StoreLanes` (one per store, in `woocommerce.mts`, `magento2.mts`, `shopify.mts`): the store's triggers and settings
 *   and its side of each lane (orders, stock, shipments, cancellations, refunds, returns), calling the marketplace's
 *   steps where the marketplace acts. No store knows a marketplace by name and none has a marketplace default.
 *
 * `lifecycleTemplate(marketplace, store)` puts the two together over the skeleton of `lifecycle.mts`; `templates.mts`
 * makes one per registry marketplace with templates x store.
 */
import type { MarketplaceEntry } from '../../nodes/shared/marketplaces';
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	reconcileTrigger,
	withCatalog,
	type MarketplaceNames,
	type StoreListCap,
	type TriggerSpec,
} from './lifecycle.mts';
import type { Fields } from './nodes.mts';

export type StoreId = 'woocommerce' | 'magento2' | 'shopify';

/** A marketplace step of a lane: from `from`, at `column` of the lane's row `y`; returns the node that ends it. */
export type Step<T = string> = (lane: Lifecycle, from: string, column: number, y: number) => T;

/** Where an accept step after the store order goes (see `StoreLanes.acceptAfter`). */
export interface AcceptPlace {
	/** The store's node after which the order exists in the store. */
	created: string;
	/** The orders lane's orders (for "Orders Already in Store"). */
	orders: string;
	/** Column and row of "Created Order" and of "Orders Already in Store". */
	at: [number, number];
	existingAt: [number, number];
	/** The store order number, letters and digits only (JS): on the created order and on a stored one (when asked). */
	number?: { created: string; stored: string };
}

/** A marketplace's words and expressions for one store: what differs by pair, kept as data. */
export interface PairData {
	/** Settings fields of the pair (after the store's, before the marketplace's) and their Settings note lines. */
	settings?: Fields;
	settingsNote?: string;
	/** The Settings note's last paragraph when not `pollNote(...)`'s. */
	pollNote?: string;
	/** Sticky notes. `storeChanges`: Magento's one note of shipments, cancellations and credit memos. */
	notes: {
		orders: string;
		stock: string;
		shipments?: string;
		cancellations?: string;
		refunds?: string;
		storeChanges?: string;
		returns: string;
	};
	/** JS: a store refund's product lines as the marketplace's refund items (`refund`: JS of the refund, Shopify). */
	refundItems: (refund: string) => string;
	/** JS on a returned line joined with its store order: it must not be refunded (again); default: the store's. */
	returnRefunded?: string;
	/** Magento: the hourly full stock sync besides the 15-minute one. */
	fullStockSync?: boolean;
	/** Magento: a cancellation lane (orders cancelled in Magento, i.e. not invoiced). */
	cancellations?: boolean;
	/** Magento: the credit-memo lane's marketplace steps when not `refund` (its nodes that end it), and its mark's column. */
	memo?: { forward: Step<string[]>; markColumn: number };
	/** Magento: steps after the cancellation lane (at its row). */
	afterCancellations?: (lane: Lifecycle, y: number) => void;
}

export interface MarketplaceLanes {
	/** The registry entry. */
	entry: MarketplaceEntry;
	/** How the lanes name it (`key`: the registry id, `title`: the registry title, `name`: in node names). */
	names: MarketplaceNames;
	/** Its part of the workflow ids (`mps<abbr><store abbr>Lifecyc`), and ids kept from before that rule. */
	abbr: string;
	workflowIds?: Partial<Record<StoreId, string>>;
	description: (store: StoreLanes) => string;
	settings: Fields;
	settingsNote: string;
	/** The triggers: new orders (route `orders`) and new returns (route `returns`). */
	triggers: { orders: () => TriggerSpec; returns: () => TriggerSpec };
	returnsRoute: string;
	/**
	 * The orders lane's start: the route's orders -> ... -> "Transform Orders" (`transform`), and the node whose output
	 * the store orders (`orders`: "Transform Orders" or a filter after it), its last column (`shift` columns past
	 * "Transform Orders") and row.
	 */
	intake: (
		lane: Lifecycle,
		store: StoreLanes,
		y: number,
	) => {
		orders: string;
		transform: string;
		shift: number;
		y: number;
	};
	/**
	 * A step between "Can Fulfil?" (output 0, `from`) and the store order (its node's output 0 goes on) that decides on
	 * the store's stock and prices (`storeProducts`: JS of the store's `{ [sku]: { stock, finalPrice, originalPrice } }`
	 * from `$json.catalog`; `branchY`: the row of what it holds back, when not its default); e.g. Spartoo's price rule.
	 */
	gate?: (
		lane: Lifecycle,
		from: string,
		column: number,
		y: number,
		storeProducts: string,
		branchY?: number,
	) => string;
	/** The accept step after the store order exists (`orderNumber`: it sends the store order number). */
	accept?: { orderNumber: boolean; add: (lane: Lifecycle, place: AcceptPlace) => string };
	/** The branch of "Can Fulfil?" output 1. */
	cancelUnfulfillable: Step<void>;
	reconcile: (lane: Lifecycle, y: number) => string;
	stock: {
		/** Name of the filter before the update (the update's own input). */
		filter: string;
		/** What the stock levels must carry: the EAN of a changed Shopify item; your product reference of a size. */
		barcodes?: boolean;
		reference?: boolean;
		update: Step;
	};
	shipment: (
		lane: Lifecycle,
		from: string,
		column: number,
		y: number,
		store: StoreLanes,
	) => { shipped: string; notified: string };
	/** JS on the ship node's output: the store's shipped mark. */
	shippedMark: string;
	storeCancel: {
		/** The marketplace takes no cancellation: the step is a notice (an email) only. */
		notice?: boolean;
		/** JS on the step's output: the store's cancelled mark (Shopify). */
		mark: string;
		add: Step;
	};
	refund: Step;
	/** JS on the refund step's output: the store's forwarded mark (Shopify); default `$json.status`. */
	refundedMark?: string;
	/** New returns -> the lines the marketplace refunds (`{ orderId, rmaId, sku, quantity, registeredAt }`). */
	returnIntake: (lane: Lifecycle, route: string, y: number) => string;
	/** The column after the return intake. */
	returnColumn: number;
	pairs: Record<StoreId, PairData>;
	/** Its part of the multi-marketplace stock templates (`stock-<store>-to-marketplaces.json`). */
	stockTemplate: {
		/** Switched on by default (Settings `<id>Enabled`; a preview marketplace: off). */
		enabled: boolean;
		/** What the Settings note says of its switch, when off by default. */
		switchNote?: string;
		/** Its Settings fields (after its switch) and their note lines (`- **<id>Enabled**: ...` describes its switch too). */
		settings: Fields;
		settingsNote: string;
		/** How it gets the stock (a clause of the fan-out note). */
		fanOut: string;
		/**
		 * Stock the marketplace fulfils itself, in the fan-out note: `refused` names the offers its update refuses on
		 * purpose ("bol FBB"), `note` is a sentence of its own (Zalando's FBZ stock is not touched).
		 */
		selfFulfilled?: { refused: string } | { note: string };
	};
}

/** What the multi-marketplace stock templates take of a marketplace. */
export type StockMarketplace = Pick<
	MarketplaceLanes,
	'entry' | 'names' | 'stock' | 'stockTemplate'
>;

export interface StoreLanes {
	id: StoreId;
	title: string;
	/** Its part of the workflow ids. */
	abbr: string;
	/** Webhooks (WooCommerce, Shopify) or polls (Magento). */
	webhooks: boolean;
	settings: (marketplace: MarketplaceNames) => Fields;
	settingsNote: string;
	/** Appended to the Settings note's last paragraph. */
	settingsNoteEnd: string;
	/** The store's triggers (between the marketplace's new orders with the reconciliation, and its new returns). */
	triggers: (marketplace: MarketplaceLanes) => TriggerSpec[];
	/**
	 * The orders lane's store side from the marketplace's orders (`from`, at `shift` columns past "Transform Orders", row
	 * `y`): the store lookup, "Only New Orders", the plan, "Can Fulfil?" (returned) and on its output 0 the store order.
	 */
	orders: (
		lane: Lifecycle,
		marketplace: MarketplaceNames & { orderNumber: boolean },
		from: string,
		shift: number,
		y: number,
		/** The marketplace's gate before the store order (the store gives it its store products), one column. */
		gate?: (from: string, column: number, y: number) => string,
	) => string;
	/**
	 * Column (past `shift`) and row offset of the marketplace's branch for orders the store cannot fulfil, and the row
	 * offset with a gate (below what the gate holds back).
	 */
	cannotFulfilAt: { column: number; row: number; gatedRow: number };
	/**
	 * JS: Koongo's store data for acceptance from the store's priced catalogue (`$json.catalog`): `{ [sku]: { stock,
	 * finalPrice, originalPrice, exportedPrice? } }` (`exportedPrice`: JS of a catalogue entry `p`'s price last exported
	 * to the marketplace, where the store keeps one).
	 */
	storeProducts: (exportedPrice?: string) => string;
	/** The row (from the orders lane's) of what a gate holds back, when not the gate's default. */
	gateBranchRow?: number;
	stock: (lane: Lifecycle, marketplace: MarketplaceLanes) => void;
	/** Shipments, cancellations, refunds (and their store reconciliation). */
	changes: (lane: Lifecycle, marketplace: MarketplaceLanes) => void;
	/**
	 * A returned line the marketplace refunds (`from`: `{ orderId, rmaId, sku, quantity, registeredAt }`) -> its store
	 * order -> a refund of that line with restock, once per return (`refunded`: JS, true when the line must not be
	 * refunded again; default: the store's own check). Returns the refund node.
	 */
	refundReturnedLine: (
		lane: Lifecycle,
		marketplace: MarketplaceNames,
		from: string,
		column: number,
		y: number,
		refunded?: string,
	) => string;
	/** A second catalogue with prices (an acceptance step's), from `from`: its last node and the column after it. */
	pricedCatalog: (lane: Lifecycle, from: string, y: number) => { catalog: string; column: number };
	/**
	 * Where an accept step after the store order goes, from the orders lane's row `y` (adds what it needs), `shift`
	 * columns further right (a gate before the store order).
	 */
	acceptAfter: (
		lane: Lifecycle,
		orders: string,
		y: number,
		orderNumber: boolean,
		shift: number,
	) => AcceptPlace;
	/** Shipment Details carry the shipment's own `lines` (a partial shipment). */
	shipmentLines: boolean;
	/**
	 * Settings fields and note lines of the store's rule for your product reference, when a marketplace needs it
	 * (`stock.reference`; Shopify products have no SKU of their own): after the store's (or, in the stock templates, the
	 * marketplaces') settings.
	 */
	reference?: { settings: Fields; settingsNote: string };
	/** Its multi-marketplace stock template. */
	stockTemplate: {
		id: string;
		/** The workflow description, given the marketplaces' titles ("Bol.com, Amazon and Zalando"). */
		description: (marketplaces: string) => string;
		settings: Fields;
		settingsNote: string;
		/** The Settings note's last paragraph. */
		triggersNote: string;
		triggers: () => TriggerSpec[];
		/** The stock levels (with what the marketplaces need) at row `y`, and the column the marketplaces' switches go. */
		levels: (
			lane: Lifecycle,
			y: number,
			needs: { barcodes: boolean; reference: boolean },
		) => { levels: string; column: number };
		/** Steps between a marketplace's switch and its update (`name`: the marketplace's), and after the update. */
		around?: (lane: Lifecycle, from: string, name: string, column: number, y: number) => string;
		after?: (
			lane: Lifecycle,
			update: string,
			filter: string,
			name: string,
			column: number,
			y: number,
		) => void;
		/** The sticky note's store part. */
		note: string;
	};
}

/** The Settings note's last paragraph: where the poll intervals are. */
export const pollNote = (marketplace: MarketplaceLanes, store: StoreLanes) =>
	store.webhooks
		? `Poll intervals are on the ${marketplace.names.name} triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).`
		: `Poll intervals are on the ${marketplace.names.name} triggers and the schedule triggers (n8n triggers run before Settings).`;

/** The 16-character workflow id of a pair. */
export const workflowId = (marketplace: MarketplaceLanes, store: StoreLanes) =>
	marketplace.workflowIds?.[store.id] ?? `mps${marketplace.abbr}${store.abbr}Lifecyc`;

/** The lifecycle template of `marketplace` x `store`. */
export function lifecycleTemplate(marketplace: MarketplaceLanes, store: StoreLanes): Lifecycle {
	const pair = marketplace.pairs[store.id];
	const { names } = marketplace;
	const reference = marketplace.stock.reference ? store.reference : undefined;
	const lane = new Lifecycle({
		id: workflowId(marketplace, store),
		name: `${marketplace.entry.title} x ${store.title}: order lifecycle`,
		description: marketplace.description(store),
		settings: {
			...store.settings(names),
			...reference?.settings,
			...pair.settings,
			...marketplace.settings,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${[store.settingsNote, reference?.settingsNote, pair.settingsNote, marketplace.settingsNote].filter(Boolean).join('\n')}\n\n${pair.pollNote ?? pollNote(marketplace, store)}${store.settingsNoteEnd}`,
		triggers: [
			marketplace.triggers.orders(),
			reconcileTrigger(),
			...store.triggers(marketplace),
			marketplace.triggers.returns(),
		],
	});
	// 1. orders: the marketplace's intake -> the store order (and the accept step after it), or the marketplace's branch
	// for what the store cannot fulfil
	const { orders, transform, shift, y } = marketplace.intake(lane, store, 0);
	const orderNumber = marketplace.accept?.orderNumber ?? false;
	const { gate } = marketplace;
	const branchRow = store.gateBranchRow;
	const decide = store.orders(
		lane,
		{ ...names, orderNumber },
		orders,
		shift,
		y,
		gate &&
			((from, column, at) =>
				gate(
					lane,
					from,
					column,
					at,
					store.storeProducts(),
					branchRow === undefined ? undefined : y + branchRow,
				)),
	);
	if (marketplace.accept)
		marketplace.accept.add(lane, store.acceptAfter(lane, transform, y, orderNumber, gate ? 1 : 0));
	const { column, row, gatedRow } = store.cannotFulfilAt;
	marketplace.cancelUnfulfillable(lane, decide, shift + column, y + (gate ? gatedRow : row));
	lane.note(pair.notes.orders, 5);
	// their reconciliation, through the orders lane again
	marketplace.reconcile(lane, y + 600);
	// 2. stock
	store.stock(lane, marketplace);
	// 3. shipments, store cancellations, 5. refunds
	store.changes(lane, marketplace);
	// 4. returns: the marketplace's intake -> the store's refund of each line it refunds
	const returnsRow = 2400;
	const returned = marketplace.returnIntake(lane, marketplace.returnsRoute, returnsRow);
	store.refundReturnedLine(
		lane,
		names,
		returned,
		marketplace.returnColumn,
		returnsRow,
		pair.returnRefunded,
	);
	lane.note(pair.notes.returns, 4);
	return lane;
}

/**
 * The orders lane's store side of a store whose lookup, catalogue and order creation are steps of their own
 * (WooCommerce, Shopify): `from` -> the store orders since the window's start (`lookup`, `width` columns) -> "Only New
 * Orders" (`cap`) -> the catalogue -> "Orders with Catalog" -> `plan` -> "Can Fulfil?" (returned) -> `create` (at row
 * offset `createRow`).
 */
export function storeOrders(
	lane: Lifecycle,
	from: string,
	shift: number,
	y: number,
	steps: {
		lookup: (from: string, column: number, y: number) => string;
		width: number;
		cap: StoreListCap;
		catalog: (from: string, column: number, y: number) => string;
		plan: (moveStock: string, column: number, y: number) => string;
		create: (from: string, column: number, y: number) => string;
		createRow: number;
		/** A step before `create` (one column, at its row). */
		gate?: (from: string, column: number, y: number) => string;
	},
): string {
	const storeIds = steps.lookup(from, shift + 2, y + 200);
	const newOrders = onlyNewOrders(lane, from, storeIds, shift + 2 + steps.width, y, steps.cap);
	const catalog = steps.catalog(newOrders, shift + 3 + steps.width, y + 200);
	const plan = steps.plan(MOVE_STOCK, shift + 12, y);
	lane.connect(withCatalog(lane, newOrders, catalog, shift + 11, y), plan);
	const decide = canFulfil(lane, plan, shift + 13, y);
	const gated = steps.gate ? steps.gate(decide, shift + 15, y + steps.createRow) : decide;
	steps.create(gated, shift + (steps.gate ? 16 : 15), y + steps.createRow);
	return decide;
}
