/**
 * The skeleton every lifecycle template shares: triggers -> one "Settings" node -> "Route by Trigger" (a Switch that
 * sends each execution to the lane of the trigger that started it), lanes laid out in rows with a sticky note each,
 * and the store-agnostic steps of the order lane (skip orders already in the store, check the store stock).
 */
import { GRID, Workflow, type NodeSpec, type Position } from './builder.mts';
import {
	TEST_MODE_SETTING,
	expr,
	filterNode,
	ifNode,
	codeNode,
	isTrue,
	mergeAll,
	mergeByFields,
	noOp,
	orderSync,
	scheduleTrigger,
	sendEmail,
	setNode,
	setting,
	splitOut,
	switchNode,
	type Condition,
	type Fields,
} from './nodes.mts';

const S = setting;

export const LANE_X = 760;
/** Name prefix of the filters after marketplace writes (see `Lifecycle.connect`). */
export const SENT_PREFIX = 'Sent? ';
/** Operations of the marketplace nodes that only read. */
const READ_OPERATIONS = new Set(['get', 'getAll']);
/** A node of this package that writes at the marketplace (in test mode it describes the call instead). */
export function isMarketplaceWrite(node: {
	type: string;
	parameters: Record<string, unknown>;
}): boolean {
	return (
		node.type.startsWith('n8n-nodes-marketplace-sync.') &&
		'testMode' in node.parameters &&
		!READ_OPERATIONS.has(String(node.parameters.operation))
	);
}
/** A node's box on the canvas (with its label under it), and the gap between lanes. */
const NODE_BOX = { width: 100, height: 150 };
const LANE_GAP = 60;

export interface TriggerSpec {
	/** The trigger node. */
	node: NodeSpec;
	/** Output names of "Route by Trigger" this trigger's executions go to (several: one lane each). */
	lanes: string[];
}

interface Group {
	content: string;
	color: number;
	nodes: string[];
	/** Route outputs the group's nodes are connected from. */
	lanes: string[];
	/** Width of the sticky note at least (a lane of one or two nodes with a long note). */
	minWidth?: number;
}

/**
 * Builds a lifecycle workflow. Lane code adds nodes at (column, y) relative to its own row and calls `note()` after
 * each lane; `build()` then stacks the lanes top to bottom without overlap, puts each lane's sticky note behind it,
 * and lines each trigger up with the first step it feeds.
 */
export class Lifecycle {
	readonly wf: Workflow;
	/** Output index of "Route by Trigger" by lane name. */
	private readonly outputs = new Map<string, number>();
	private readonly triggers: Array<{ name: string; lanes: string[] }> = [];
	private readonly groups: Group[] = [];
	private pending: Group = { content: '', color: 7, nodes: [], lanes: [] };
	/** Route lane -> the node it feeds. */
	private readonly routeTargets = new Map<string, string>();

	constructor(
		private readonly options: {
			id: string;
			name: string;
			description: string;
			settings: Fields;
			settingsNote: string;
			triggers: TriggerSpec[];
		},
	) {
		this.wf = new Workflow(options.id, options.name, options.description);
		const settings = this.wf.add(setNode('Settings', options.settings, true), [280, 0]);
		const rules: Array<{ output: string; when: ReturnType<typeof isTrue> }> = [];
		for (const trigger of options.triggers) {
			const name = this.wf.add(trigger.node, [0, 0]);
			this.triggers.push({ name, lanes: trigger.lanes });
			this.wf.connect(name, settings);
			for (const lane of trigger.lanes) {
				this.outputs.set(lane, rules.length);
				rules.push({ output: lane, when: isTrue(`$('${name}').isExecuted`) });
			}
		}
		const route = this.wf.add(switchNode('Route by Trigger', rules, true), [520, 0]);
		this.wf.connect(settings, route);
	}

	/** Position `column` grid steps into the lane area, at `y`. */
	at(column: number, y: number): Position {
		return [LANE_X + column * GRID.x, y];
	}

	add(spec: NodeSpec, column: number, y: number): string {
		const name = this.wf.add(spec, this.at(column, y));
		this.pending.nodes.push(name);
		return name;
	}

	/** Connects "Route by Trigger" output `lane` to `node`. */
	fromRoute(lane: string, node: string): void {
		const output = this.outputs.get(lane);
		if (output === undefined) throw new Error(`no lane "${lane}" on Route by Trigger`);
		this.wf.connect('Route by Trigger', node, output);
		this.pending.lanes.push(lane);
		if (!this.routeTargets.has(lane)) this.routeTargets.set(lane, node);
	}

	chain(...names: string[]): void {
		this.wf.chain(...names);
	}

	/**
	 * Connects `from` to `to`. After a marketplace node's write (its first output), a "Sent? (<node>)" filter goes in
	 * between, so that nothing is marked in the store as done at the marketplace when it was not sent: in test mode
	 * the node describes the call (`testMode: true`) instead of sending it, and the store must not record it as
	 * shipped, cancelled, refunded or sent, or the active workflow would never send it.
	 */
	connect(from: string, to: string, output = 0, input = 0): void {
		const source = this.wf.node(from);
		if (output !== 0 || !isMarketplaceWrite(source) || to.startsWith(SENT_PREFIX)) {
			this.wf.connect(from, to, output, input);
			return;
		}
		const target = this.wf.node(to);
		const sent = `${SENT_PREFIX}(${from})`;
		if (!this.wf.has(sent)) {
			this.wf.add(filterNode(sent, [isTrue('$json.testMode !== true')]), [
				(source.position[0] + target.position[0]) / 2,
				(source.position[1] + target.position[1]) / 2,
			]);
			(this.groups.find((group) => group.nodes.includes(from)) ?? this.pending).nodes.push(sent);
			this.wf.connect(from, sent);
		}
		this.wf.connect(sent, to, 0, input);
	}

	/** Ends a lane: the nodes added since the last note get this sticky note (at least `minWidth` wide). */
	note(content: string, color: number, minWidth?: number): void {
		this.groups.push({ ...this.pending, content, color, minWidth });
		this.pending = { content: '', color: 7, nodes: [], lanes: [] };
	}

	/** Lays the lanes out and returns the workflow. */
	build(): Workflow {
		if (this.pending.nodes.length)
			throw new Error(
				`${this.options.name}: nodes after the last note: ${this.pending.nodes.join(', ')}`,
			);
		let bottom = -Infinity;
		for (const group of this.groups) {
			const nodes = group.nodes.map((name) => this.wf.node(name));
			const minX = Math.min(...nodes.map((node) => node.position[0])) - 40;
			const maxX = Math.max(
				Math.max(...nodes.map((node) => node.position[0])) + NODE_BOX.width + 40,
				minX + (group.minWidth ?? 0),
			);
			const header = noteHeight(group.content, maxX - minX);
			const top = Math.min(...nodes.map((node) => node.position[1])) - header;
			const shift = Number.isFinite(bottom) ? Math.max(0, bottom + LANE_GAP - top) : -top;
			for (const node of nodes) node.position = [node.position[0], node.position[1] + shift];
			const height =
				Math.max(...nodes.map((node) => node.position[1])) + NODE_BOX.height - (top + shift);
			this.wf.sticky(group.content, [minX, top + shift], [maxX - minX, height], group.color);
			bottom = top + shift + height;
		}
		// each trigger level with the first step it feeds; Settings and the router in the middle of them
		const ys: number[] = [];
		for (const trigger of this.triggers) {
			const target = trigger.lanes.map((lane) => this.routeTargets.get(lane)).find(Boolean);
			if (!target) throw new Error(`${this.options.name}: trigger "${trigger.name}" feeds no lane`);
			let y = this.wf.node(target).position[1];
			while (ys.some((taken) => Math.abs(taken - y) < 160)) y += 160;
			ys.push(y);
			this.wf.node(trigger.name).position = [0, y];
		}
		const middle = Math.round((Math.min(...ys) + Math.max(...ys)) / 2 / 20) * 20;
		this.wf.node('Settings').position = [280, middle];
		this.wf.node('Route by Trigger').position = [520, middle];
		const settingsHeight = noteHeight(this.options.settingsNote, 760) + 40;
		this.wf.sticky(
			this.options.settingsNote,
			[-820, middle - settingsHeight / 2],
			[760, settingsHeight],
			4,
		);
		return this.wf;
	}
}

/** Height a sticky note needs for its text (about 7.5 px per character, 22 px per line) above the nodes. */
function noteHeight(content: string, width: number): number {
	const perLine = Math.max(20, Math.floor((width - 40) / 7.5));
	const lines = content
		.split('\n')
		.reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
	return 60 + lines * 22;
}

/**
 * The order-sync settings every marketplace's lanes read (Koongo's: sync level, order types, product identification and
 * SKU cropping, billing address as shipping address, what moves store stock, cancelling and restocking, notifications).
 */
export const ORDER_SYNC_SETTINGS: Fields = {
	...TEST_MODE_SETTING,
	syncLevel: { type: 'string', value: 'ordersAndStock' },
	orderTypes: { type: 'string', value: 'all' },
	syncFrom: { type: 'string', value: '' },
	skipMarketplaceFulfilledLines: { type: 'boolean', value: false },
	updateStockForMarketplaceOrders: { type: 'boolean', value: false },
	productIdentification: { type: 'string', value: 'sku' },
	skuPrefixPattern: { type: 'string', value: '' },
	skuSuffixPattern: { type: 'string', value: '' },
	useBillingAsShipping: { type: 'boolean', value: false },
	cancelUnfulfillableOrders: { type: 'boolean', value: true },
	restockReturnedItems: { type: 'boolean', value: true },
	notificationEmail: { type: 'string', value: 'orders@example.com' },
	notificationFrom: { type: 'string', value: 'n8n@example.com' },
};

/**
 * Any marketplace's new orders: "Filter Orders" (sync level, order types, sync-from date) -> "Transform Orders" (store
 * SKU, cropping, addresses). `filterOptions`: the marketplace's own options of "Filter Orders" (bol: VVB orders counted
 * as marketplace-fulfilled).
 */
export function orderIntake(
	lane: Lifecycle,
	from: { route: string } | string,
	y: number,
	filterOptions?: Record<string, unknown>,
): string {
	const filter = lane.add(
		orderSync('Filter Orders', 'filterOrders', {
			syncLevel: expr(S('syncLevel')),
			orderTypes: expr(S('orderTypes')),
			syncFrom: expr(S('syncFrom')),
			skipMarketplaceFulfilledLines: expr(S('skipMarketplaceFulfilledLines')),
			...(filterOptions ? { options: filterOptions } : {}),
		}),
		0,
		y,
	);
	if (typeof from === 'string') lane.connect(from, filter);
	else lane.fromRoute(from.route, filter);
	const transform = lane.add(
		orderSync('Transform Orders', 'transform', {
			productIdentification: expr(S('productIdentification')),
			skuPrefixPattern: expr(S('skuPrefixPattern')),
			skuSuffixPattern: expr(S('skuSuffixPattern')),
			useBillingAsShipping: expr(S('useBillingAsShipping')),
		}),
		1,
		y,
	);
	lane.connect(filter, transform, 0);
	return transform;
}

/** Does an order move store stock: its own `updateStoreStock`, or the setting for marketplace-fulfilled orders. */
export const MOVE_STOCK = `$json.updateStoreStock || ${S('updateStockForMarketplaceOrders')}`;

/** ISO time `days` before the earliest value of `field` among the node's input items (the start of a search window). */
export const windowStart = (field: string, days: string) =>
	`DateTime.fromISO($input.all().map(item => item.json.${field}).filter(Boolean).sort()[0] || $now.toISO()).minus({ days: ${days} }).toISO()`;

/**
 * How the "Only New Orders" store lookup knows it read the whole list: the store's order list is read page by page up
 * to a cap (n8n's "Max Pages"), and an order beyond the cap would look "not in the store" and be created twice.
 * `complete`: JS, true when the list node's output is the whole list; `cap`: the cap in words (for the error).
 */
export interface StoreListCap {
	complete: string;
	cap: string;
}

/**
 * The guard of a store list read page by page up to a cap: `from` (the list's items) -> "Count ..." (`names.count`: a
 * Code node that judges completeness once for the whole run, `complete` being JS over the list node, and marks every
 * item `storeListComplete`) -> "... Complete?" (`names.check`, an If on that mark) -> output 1: "... Cut Off"
 * (`names.cutOff`, Stop and Error with `message`): a list that stopped at its cap fails the execution. Judged in the If
 * itself, an expression that reads the whole list runs once per item, which is quadratic: 1,900 store orders took 88 s
 * of a queue-mode worker (2,000-order run, December 2026), past Bull's 60 s job lock. Returns the If (output 0: the
 * items of a complete list).
 */
function storeListGuard(
	lane: Lifecycle,
	from: string,
	names: { count: string; check: string; cutOff: string },
	complete: string,
	message: string,
	at: { count: [number, number]; check: [number, number]; cutOff: [number, number] },
): string {
	const count = lane.add(
		codeNode(
			names.count,
			[
				`// Did the store's list stop at its cap? Judged once for the run (an expression per item that reads the`,
				`// whole list is quadratic in the number of store orders); the If node after this reads storeListComplete.`,
				`const complete = Boolean(${complete});`,
				`return $input.all().map((item, index) => ({ json: { ...item.json, storeListComplete: complete }, pairedItem: { item: index } }));`,
				'',
			].join('\n'),
		),
		...at.count,
	);
	lane.connect(from, count);
	const check = lane.add(ifNode(names.check, [isTrue('$json.storeListComplete')]), ...at.check);
	lane.connect(count, check);
	const cutOff = lane.add(
		{
			name: names.cutOff,
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			parameters: { errorMessage: message },
		},
		...at.cutOff,
	);
	lane.connect(check, cutOff, 1);
	return check;
}

/**
 * "Only New Orders": the orders (input 1) whose `orderId` is not among the `marketplaceOrderId`s of the store orders
 * (input 2). The idempotency check: an order whose marketplace id is on a store order is never created again. The
 * store orders pass "Count Store Orders" and "Store Orders Complete?" first: a list that stopped at its cap fails the execution ("Store
 * Order List Cut Off", Stop and Error) instead of letting an order beyond the cap through as new.
 */
export function onlyNewOrders(
	lane: Lifecycle,
	orders: string,
	storeIds: string,
	column: number,
	y: number,
	list: StoreListCap,
): string {
	const complete = storeListGuard(
		lane,
		storeIds,
		{
			count: 'Count Store Orders',
			check: 'Store Orders Complete?',
			cutOff: 'Store Order List Cut Off',
		},
		list.complete,
		`The store's order list stopped at its cap (${list.cap}), so "Only New Orders" cannot tell which orders are in the store. Nothing was created. Shorten the lookup window or raise the list node's Max Pages.`,
		{ count: [column, y + 200], check: [column, y + 360], cutOff: [column - 1, y + 520] },
	);
	const merge = lane.add(
		mergeByFields('Only New Orders', 'orderId', 'marketplaceOrderId', 'keepNonMatches', 'input1'),
		column,
		y,
	);
	lane.connect(orders, merge, 0, 0);
	lane.connect(complete, merge, 0, 1);
	return merge;
}

/**
 * "Orders Already in Store": the orders (input 1) whose `orderId` is the `marketplaceOrderId` of a store order (input 2:
 * "Store Orders Complete?" of `onlyNewOrders`, added before), each merged with its store order's fields
 * (`storeOrderId`, ...): the orders "Only New Orders" drops, for a marketplace that needs a step after the store order
 * exists (Zalando's export), so a pass that created the order but failed that step is repaired by the next one.
 */
export function ordersInStore(lane: Lifecycle, orders: string, column: number, y: number): string {
	const merge = lane.add(
		mergeByFields(
			'Orders Already in Store',
			'orderId',
			'marketplaceOrderId',
			'keepMatches',
			'both',
		),
		column,
		y,
	);
	lane.connect(orders, merge, 0, 0);
	lane.connect('Store Orders Complete?', merge, 0, 1);
	return merge;
}

/**
 * A marketplace's acceptance after the store order exists, on two paths: the order just created (`created`: the
 * store's create node -> "Created Order" with `createdFields`, read from "Check Store Stock") and the orders already in
 * the store ("Orders Already in Store", from the lookup of `onlyNewOrders`: an earlier pass created the order and its
 * acceptance failed, or never ran; then "Stored Order" with `storedFields`, when given). Both -> `open` (the orders
 * still waiting for the acceptance) -> `accept` (its error output: the `refused` email, given how to reach the open
 * item). Returns the accept node.
 */
export function acceptAfterStoreOrder(
	lane: Lifecycle,
	options: {
		created: string;
		orders: string;
		createdFields: Fields;
		storedFields?: Fields;
		open: { name: string; conditions: Condition[] };
		accept: NodeSpec;
		refused: (item: string) => { subject: string; text: string };
		/** Column and row of "Created Order" (the accept steps follow it) and of "Orders Already in Store". */
		at: [number, number];
		existingAt: [number, number];
	},
): string {
	const [column, y] = options.at;
	const created = lane.add(setNode('Created Order', options.createdFields), column, y);
	lane.connect(options.created, created);
	const [existingColumn, existingY] = options.existingAt;
	let existing = ordersInStore(lane, options.orders, existingColumn, existingY);
	if (options.storedFields) {
		const stored = lane.add(
			setNode('Stored Order', options.storedFields, true),
			existingColumn + 1,
			existingY,
		);
		lane.connect(existing, stored);
		existing = stored;
	}
	const open = lane.add(filterNode(options.open.name, options.open.conditions), column + 1, y);
	lane.connect(created, open);
	lane.connect(existing, open);
	const accept = lane.add({ ...options.accept, onError: 'continueErrorOutput' }, column + 2, y);
	lane.connect(open, accept);
	const mail = options.refused(`$('${open}').item.json`);
	lane.connect(
		accept,
		lane.add(sendEmail('Email: Order Not Accepted', mail.subject, mail.text), column + 3, y + 100),
		1,
	);
	return accept;
}

/** The settings of the reconciliation lane (both marketplaces; `reconcileDays`: the marketplace's default). */
export const reconcileSettings = (days: number): Fields => ({
	reconcileDays: { type: 'number', value: days },
	reconcileMinAgeMinutes: { type: 'number', value: 30 },
});

/** ISO start of the reconciliation window: **reconcileDays** days ago, or **syncFrom** when that is later. */
export const RECONCILE_SINCE = `(d => (s => s.isValid && s > d ? s : d)(DateTime.fromISO(String(${S('syncFrom')} || ''))))($now.minus({ days: ${S('reconcileDays')} })).toISO()`;

/** The reconciliation lane's route ("Route by Trigger" output) and trigger. */
export const RECONCILE_LANE = 'Reconcile orders';
export const reconcileTrigger = (): TriggerSpec => ({
	node: scheduleTrigger('Every Hour: Reconcile Orders', 60),
	lanes: [RECONCILE_LANE],
});

/**
 * The scheduled order reconciliation lane: `list` (the marketplace's Order > Get Many of the orders still waiting for
 * the merchant) feeds "Filter Orders" of the orders lane (`orderIntake`, added before), so the orders it finds take
 * the trigger's own path: filter, transform, "Only New Orders" (the store lookup by marketplace order id), plan,
 * create or cancel. An order in the store already is skipped; one the trigger emitted while the store failed (or
 * never emitted) is created once; orders younger than **reconcileMinAgeMinutes** are left to the trigger. Ends the
 * lane with `note`.
 */
export function reconcileOrders(
	lane: Lifecycle,
	list: NodeSpec,
	y: number,
	note: string,
	/** JS on a listed order: it still waits for the merchant (when the list node cannot filter so itself). */
	open?: string,
): string {
	const node = lane.add(list, 0, y);
	lane.fromRoute(RECONCILE_LANE, node);
	// an order placed minutes ago is the trigger's: its execution may be creating it right now, and two executions
	// that both look the store up before either creates would create it twice
	const settled = lane.add(
		filterNode('Older Than the Trigger Lag', [
			isTrue(
				`!$json.createdAt || DateTime.fromISO($json.createdAt) < $now.minus({ minutes: ${S('reconcileMinAgeMinutes')} })`,
			),
			...(open ? [isTrue(open)] : []),
		]),
		1,
		y,
	);
	lane.connect(node, settled);
	lane.connect(settled, lane.wf.node('Filter Orders').name);
	lane.note(note, 5, 2400);
	return node;
}

/** The store-side reconciliation lane's route ("Route by Trigger" output) and trigger. */
export const STORE_RECONCILE_LANE = 'Reconcile store orders';
export const storeReconcileTrigger = (): TriggerSpec => ({
	node: scheduleTrigger('Every Hour: Reconcile Store Orders', 60),
	lanes: [STORE_RECONCILE_LANE],
});

/** The settings of the store-side reconciliation lane (every WooCommerce and Shopify lifecycle template). */
export const STORE_RECONCILE_SETTINGS: Fields = {
	storeReconcileHours: { type: 'number', value: 24 },
	storeReconcileMinAgeMinutes: { type: 'number', value: 15 },
};

export const STORE_RECONCILE_SETTINGS_NOTE = `- **storeReconcileHours**: how far back the hourly store reconciliation reads the store orders changed (shipped, cancelled, refunded) whose webhook may have been missed (raise it after a longer n8n outage); **storeReconcileMinAgeMinutes**: orders changed more recently are left to the webhooks`;

/** ISO (UTC) start of the store reconciliation window: **storeReconcileHours** ago. */
export const STORE_RECONCILE_SINCE = `$now.toUTC().minus({ hours: ${S('storeReconcileHours')} }).toISO()`;

/** One lane a store reconciliation feeds: its first node and what of a store order goes there. */
export interface StoreReconcileTarget {
	/** Name of the Code node that picks the lane's work out of the changed orders. */
	name: string;
	/** The lane's first node (the one the webhook route feeds). */
	entry: string;
	/**
	 * JS function source `(order, settings) => payloads[]`: what the lane's webhook would have delivered for this store
	 * order (the order itself, its fulfilments, its refunds), only what the lane has not done yet by the order's own
	 * markers (shipped, cancelled, forwarded), so a run after everything was done calls nothing.
	 */
	select: string;
}

/** A store's side of the store reconciliation lane (`reconcileStoreOrders`). */
export interface StoreReconcile {
	/** The list of the store orders changed since STORE_RECONCILE_SINCE (every page, up to its cap). */
	list: NodeSpec;
	/** How the lane knows the list is whole (`complete` reads the list node). */
	cap: StoreListCap;
	/** A list node that puts out one item per page: the field with the orders of a page. */
	pageField?: string;
	/** JS on a store order (`$json`): when it last changed (ISO). */
	changedAt: string;
	/** Shipments, cancellations, refunds. */
	targets: StoreReconcileTarget[];
}

const selectCode = (target: StoreReconcileTarget) =>
	[
		`// Store reconciliation: the payloads the lane's webhook would have delivered for these store orders, only what`,
		`// the order's own markers do not show as done (the lane checks again: its markers, claims and "open items").`,
		`const select = ${target.select};`,
		`const settings = $('Settings').first().json;`,
		`return $input.all().flatMap((item, index) => (item.json && item.json.id ? select(item.json, settings) : []).map((json) => ({ json, pairedItem: { item: index } })));`,
		'',
	].join('\n');

/** The sticky note of a store reconciliation lane. */
export function storeReconcileNote(options: {
	store: string;
	list: string;
	cap: string;
	marketplace: string;
	/** The lanes' marks the selection reads. */
	marks: string;
	/** What each lane gets (the webhook bodies). */
	payloads: string;
	/** The store's own words: why every changed order is read. */
	filter: string;
}): string {
	const { store, list, cap, marketplace, marks, payloads, filter } = options;
	return `## Store reconciliation (missed webhooks)
Every hour (**Every Hour: Reconcile Store Orders**) the ${store} orders changed in the last **storeReconcileHours** hours (default 24) -> **${list}** (every page; a list that stops at its cap, ${cap}, fails the run: **Store Change List Cut Off**, nothing is sent) -> orders changed more than **storeReconcileMinAgeMinutes** minutes ago (default 15; younger ones are the webhooks': an execution may be handling them right now) -> per lane, the ${marketplace} orders whose shipment, cancellation or refund is not done by the lane's own marks (${marks}) -> the shipment, cancellation and refund lanes above, from their first step, with what their webhook delivers (${payloads}).
What it repairs: a webhook that never arrived (n8n down, a deploy, a webhook ${store} disabled after failed deliveries) would lose that shipment, cancellation or refund for good. A second run is harmless: the marks filter what is done before any ${marketplace} call, and the lanes check again as for a webhook (marks, the refund claim, open items only). ${filter} Cost when nothing was missed: the list calls only.`;
}

/**
 * The scheduled store reconciliation lane: every hour the store orders changed in the last **storeReconcileHours**
 * (`store.list`) -> "Store Changes Complete?" (a list that stopped at its cap fails the execution: "Store Change List
 * Cut Off") -> the orders changed more than **storeReconcileMinAgeMinutes** ago (younger ones are the webhooks': an
 * execution may be handling them right now) -> one Code node per lane (`store.targets`) that turns each order into
 * what that lane's webhook delivers (the order, its fulfilments or refunds), only what its markers do not show as done
 * -> the lane's own first node: a webhook that never arrived (n8n down, a deploy, a hook the store disabled after
 * failed deliveries) is made up for by the same path, and the lanes' markers and claims make a second run harmless.
 * Ends the lane with `note`.
 */
export function reconcileStoreOrders(
	lane: Lifecycle,
	store: StoreReconcile,
	y: number,
	note: string,
): string {
	const list = lane.add({ ...store.list, executeOnce: true, alwaysOutputData: true }, 0, y);
	lane.fromRoute(STORE_RECONCILE_LANE, list);
	const complete = storeListGuard(
		lane,
		list,
		{
			count: 'Count Store Changes',
			check: 'Store Changes Complete?',
			cutOff: 'Store Change List Cut Off',
		},
		store.cap.complete,
		`The store's list of changed orders stopped at its cap (${store.cap.cap}), so the store reconciliation cannot tell which shipments, cancellations and refunds it missed. Nothing was sent. Lower storeReconcileHours (and run it more often) or raise the list node's Max Pages.`,
		{ count: [1, y - 180], check: [1, y], cutOff: [1, y + 180] },
	);
	let orders = complete;
	let column = 2;
	if (store.pageField) {
		orders = lane.add(
			{ ...splitOut(`${store.list.name}: Items`, store.pageField), alwaysOutputData: true },
			column++,
			y,
		);
		lane.connect(complete, orders, 0);
	}
	const settled = lane.add(
		filterNode('Older Than the Webhook Lag', [
			isTrue(
				`Boolean(${store.changedAt}) && DateTime.fromISO(${store.changedAt}) < $now.minus({ minutes: ${S('storeReconcileMinAgeMinutes')} })`,
			),
		]),
		column,
		y,
	);
	lane.connect(orders, settled, 0);
	store.targets.forEach((target, index) => {
		const pick = lane.add(
			codeNode(target.name, selectCode(target)),
			column + 1,
			y + (index - 1) * 160,
		);
		lane.connect(settled, pick);
		lane.connect(pick, lane.wf.node(target.entry).name);
	});
	lane.note(note, 5, 1400);
	return list;
}

/** "Orders with Catalog": each order (input 1) with the store data of the products (input 2, one item: `catalog`). */
export function withCatalog(
	lane: Lifecycle,
	orders: string,
	catalog: string,
	column: number,
	y: number,
): string {
	const merge = lane.add(mergeAll('Orders with Catalog'), column, y);
	lane.connect(orders, merge, 0, 0);
	lane.connect(catalog, merge, 0, 1);
	return merge;
}

/**
 * "Plan Store Order": each order's lines matched to the store's catalogue (input: "Orders with Catalog", connected by
 * the caller) -> `storeLines` `{ lineId, sku, title, quantity, totalPrice, fulfilment, ...}` (what "Check Store Stock"
 * and the store's create step read) and `moveStock` (JS). `find`: JS giving the catalogue `entry` of line `l` (or
 * undefined); `fields`: the store's fields of a planned line from `entry` (at least `found`, `stock`, `backorders`).
 */
export function planStoreOrder(
	lane: Lifecycle,
	options: { find: string; fields: string; moveStock: string },
	column: number,
	y: number,
): string {
	return lane.add(
		setNode(
			'Plan Store Order',
			{
				storeLines: {
					type: 'array',
					value: expr(
						`$json.lines.map(l => ({ line: l, entry: ${options.find} }))` +
							`.map(({ line, entry }) => ({ lineId: line.lineId, sku: line.sku, title: line.title, quantity: line.quantity, totalPrice: line.totalPrice, fulfilment: line.fulfilment, ${options.fields} }))`,
					),
				},
				moveStock: { type: 'boolean', value: expr(options.moveStock) },
			},
			true,
		),
		column,
		y,
	);
}

/**
 * "Check Store Stock" + "Can Fulfil?" on `storeLines` (`{ sku, quantity, fulfilment, found, stock, backorders }`):
 * an order can be fulfilled when every line's product is in the store and, for the lines the merchant ships, the
 * store has the stock (or takes backorders). Orders of one run share the stock: each order sees what the orders
 * before it (that can be fulfilled) left. Returns the If node: output 0 fulfil, 1 cannot.
 */
export function canFulfil(lane: Lifecycle, from: string, column: number, y: number): string {
	// One pass over the run's orders (a Code node): each order sees the stock the orders before it left. An expression
	// per item that re-reads the items before it is quadratic, and a poll of a few hundred orders after an outage then
	// keeps a queue-mode worker busy past its job lock.
	const check = lane.add(
		codeNode(
			'Check Store Stock',
			[
				`// Can each order be fulfilled? Every line's product is in the store and, for the lines you ship, the store has`,
				`// the stock (or takes backorders). Orders of one run share the stock: each order sees what the orders before it`,
				`// (that can be fulfilled) left. unfulfillable: the lines that stop an order, with the reason.`,
				`const used = {};`,
				`return $input.all().map((item, index) => {`,
				`\tconst order = item.json;`,
				`\tconst short = order.storeLines.filter((l) => !l.found || (l.fulfilment !== 'marketplace' && l.stock !== null && !l.backorders && l.stock - (used[l.sku] || 0) < l.quantity));`,
				`\tconst unfulfillable = short.map((l) => l.sku + ' (' + (!l.found ? 'not in the store' : 'stock ' + (l.stock - (used[l.sku] || 0)) + ', ordered ' + l.quantity) + ')');`,
				`\tif (short.length === 0)`,
				`\t\tfor (const l of order.storeLines) if (l.fulfilment !== 'marketplace') used[l.sku] = (used[l.sku] || 0) + l.quantity;`,
				`\treturn { json: { ...order, unfulfillable }, pairedItem: { item: index } };`,
				`});`,
				'',
			].join('\n'),
		),
		column,
		y,
	);
	lane.connect(from, check);
	const decide = lane.add(
		ifNode('Can Fulfil?', [isTrue('$json.unfulfillable.length === 0')]),
		column + 1,
		y,
	);
	lane.connect(check, decide);
	return decide;
}

/**
 * "Email: Store Order Failed": an order the store refused (the error output of the steps that create it). The other
 * orders of the run go on; the marketplace order stays open for you to create or cancel.
 */
export function storeOrderFailed(
	lane: Lifecycle,
	marketplace: string,
	column: number,
	y: number,
): string {
	const order = `$('Check Store Stock').item.json`;
	return lane.add(
		sendEmail(
			'Email: Store Order Failed',
			`=${marketplace} order {{ ${order}.orderId }} was not created in the store`,
			`=The store refused ${marketplace} order {{ ${order}.orderId }}: {{ $json.error ? ($json.error.message || JSON.stringify($json.error)) : 'the cart did not take every line' }}.\nCreate it in the store yourself, or cancel it at ${marketplace}.`,
		),
		column,
		y,
	);
}

/**
 * Returned lines bol refunds (`{ orderId, rmaId, sku, quantity }`, input 1) joined with their store orders
 * (`{ marketplaceOrderId, storeOrderId, storeLines, ... }`, input 2) -> `storeLine` (the store line of the SKU) ->
 * only lines not refunded yet (`refunded`: JS, true when the store order already has this return's refund).
 * Returns the filter node; the store's refund call follows it.
 */
export function returnedLinesToRefund(
	lane: Lifecycle,
	from: string,
	storeOrders: string,
	refunded: string,
	column: number,
	y: number,
): string {
	const joined = lane.add(
		mergeByFields(
			'Return with Store Order',
			'orderId',
			'marketplaceOrderId',
			'keepMatches',
			'both',
		),
		column,
		y,
	);
	lane.connect(from, joined, 0, 0);
	lane.connect(storeOrders, joined, 0, 1);
	const line = lane.add(
		setNode(
			'Store Refund',
			{
				storeLine: {
					type: 'object',
					value: expr('$json.storeLines.find(l => l.sku === $json.sku) || {}'),
				},
				alreadyRefunded: { type: 'boolean', value: expr(refunded) },
			},
			true,
		),
		column + 1,
		y,
	);
	lane.connect(joined, line);
	const toRefund = lane.add(
		filterNode('Not Refunded Yet', [
			// a return or store order without a marketplace order id matches nothing: '' === '' would join a return
			// without its order id to every store order that is not a marketplace order
			isTrue(
				"!$json.alreadyRefunded && Object.keys($json.storeLine).length > 0 && String($json.marketplaceOrderId || '') !== ''",
			),
		]),
		column + 2,
		y,
	);
	lane.connect(line, toRefund);
	return toRefund;
}

/** How the lanes name a marketplace: `key` in data and meta keys (`_amazon_shipment`), `name` in node names, `title` in messages. */
export interface MarketplaceNames {
	key: string;
	name: string;
	title: string;
}

/**
 * The "cannot fulfil" branch of any marketplace: "Cancel at <name>?" (`cancelWhen`: JS on the order, given how to
 * reach it) -> the marketplace's cancel node -> "Email: Order Not Fulfillable" either way. `from` output 1 carries
 * the orders (with `orderId` and `unfulfillable`).
 */
export function cancelUnfulfillable(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: {
		marketplace: MarketplaceNames;
		cancel: NodeSpec;
		cancelWhen: (order: string) => string;
		/** JS: the email's sentence when the order was cancelled (default: with the **cancellationReason** setting). */
		cancelledText?: string;
	},
): void {
	const { marketplace, cancel, cancelWhen } = options;
	const cancelledText =
		options.cancelledText ??
		`'It was cancelled at ${marketplace.title} with reason ' + ${setting('cancellationReason')} + '.'`;
	const shouldCancel = lane.add(
		ifNode(`Cancel at ${marketplace.name}?`, [isTrue(cancelWhen('$json'))]),
		column,
		y,
	);
	lane.connect(from, shouldCancel, 1);
	const cancelled = lane.add(cancel, column + 1, y - 50);
	lane.connect(shouldCancel, cancelled, 0);
	const order = `$('Check Store Stock').item.json`;
	const mail = lane.add(
		sendEmail(
			'Email: Order Not Fulfillable',
			`=${marketplace.title} order {{ ${order}.orderId }} cannot be fulfilled`,
			`=${marketplace.title} order {{ ${order}.orderId }} was not created in the store: {{ ${order}.unfulfillable.join(', ') }}.\n{{ ${cancelWhen(order)} ? ${cancelledText} : 'Cancel or fulfil it yourself.' }}`,
		),
		column + 2,
		y,
	);
	lane.connect(cancelled, mail);
	lane.connect(shouldCancel, mail, 1);
}

/**
 * Items of a store shipment (`{ orderId, storeOrderId, trackingCode, carrier, trackingNotified, ... }`) -> "Check
 * Tracking" (the marketplace's requirements, from the item's `marketplace`) -> the marketplace's `ship` node, or, when
 * something is missing, "Not Notified Yet" -> "Email: Tracking Missing". Returns the ship node and the email node
 * (its items: the shipment items), for the store to mark its order.
 */
export function marketplaceShipment(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: {
		marketplace: MarketplaceNames;
		ship: NodeSpec;
		needs: string;
		/**
		 * Where the codes come from when not `$json.trackingCode` alone (expressions): `trackingCode` (a code or a list
		 * of them), `returnTrackingCode`, and `secondCodeIsReturn` (the second code of the list is the return tracking
		 * code when `returnTrackingCode` is empty). The ship node reads the codes checked in `$json.trackingCheck`.
		 */
		codes?: { trackingCode: string; returnTrackingCode: string; secondCodeIsReturn?: boolean };
	},
): { shipped: string; notified: string } {
	const { codes } = options;
	const check = lane.add(
		orderSync(
			'Check Tracking',
			'checkTracking',
			codes
				? {
						marketplace: 'fromItem',
						trackingCode: codes.trackingCode,
						returnTrackingCode: codes.returnTrackingCode,
						requirements: 'marketplace',
						options: codes.secondCodeIsReturn ? { secondCodeIsReturn: true } : {},
					}
				: {
						marketplace: 'fromItem',
						trackingCode: expr('$json.trackingCode'),
						requirements: 'marketplace',
						options: {},
					},
		),
		column,
		y,
	);
	lane.connect(from, check);
	const ship = lane.add(options.ship, column + 1, y - 80);
	lane.connect(check, ship, 0);
	const notNotified = lane.add(
		filterNode('Not Notified Yet', [isTrue('!$json.trackingNotified')]),
		column + 1,
		y + 80,
	);
	lane.connect(check, notNotified, 1);
	const title = options.marketplace.title;
	const mail = lane.add(
		sendEmail(
			'Email: Tracking Missing',
			`=${title} order {{ $json.orderId }}: no tracking code`,
			`=Store order {{ $json.storeOrderId }} (${title} order {{ $json.orderId }}) was shipped, but {{ $json.trackingCheck.reason }}.\n${options.needs}: add it to the shipment in the store and the shipment is sent to ${title}.`,
		),
		column + 2,
		y + 80,
	);
	lane.connect(notNotified, mail);
	return { shipped: ship, notified: mail };
}

/**
 * A store refund -> the marketplace: items `{ orderId, storeOrderId, refundId, items: [...] }`. With items: the
 * marketplace's `refund` node; without: an email (`why`: what the marketplace needs instead). Returns the refund node
 * (for the store to mark the refund as forwarded).
 */
export function marketplaceRefund(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: { marketplace: MarketplaceNames; refund: NodeSpec; why: string },
): string {
	const hasLines = lane.add(
		ifNode('Refund Has Items?', [isTrue('$json.items.length > 0')]),
		column,
		y,
	);
	lane.connect(from, hasLines);
	const refund = lane.add(options.refund, column + 1, y - 80);
	lane.connect(hasLines, refund, 0);
	const title = options.marketplace.title;
	const mail = lane.add(
		sendEmail(
			'Email: Refund Without Items',
			`=${title} order {{ $json.orderId }}: refund not forwarded`,
			`=Store refund {{ $json.refundId }} of order {{ $json.storeOrderId }} (${title} order {{ $json.orderId }}) has no product lines, so it cannot be sent to ${title} (${options.why}).`,
		),
		column + 1,
		y + 80,
	);
	lane.connect(hasLines, mail, 1);
	return refund;
}

/**
 * "<name>: Managed Stock" (stock items `{ sku, quantity, managed, ... }` the store manages, with `conditions`: what the
 * marketplace finds them by) -> `update` (the marketplace's stock call; an item it rejects fails alone, the others go
 * on). Returns the update node.
 */
export function marketplaceStockUpdate(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: { marketplace: MarketplaceNames; conditions: Condition[]; update: NodeSpec },
): string {
	const managed = lane.add(
		filterNode(`${options.marketplace.name}: Managed Stock`, [
			isTrue('$json.managed'),
			...options.conditions,
		]),
		column,
		y,
	);
	lane.connect(from, managed);
	const update = lane.add({ ...options.update, onError: 'continueRegularOutput' }, column + 1, y);
	lane.connect(managed, update);
	return update;
}

/** A claim older than this without a forwarded marker is a stuck refund (its execution stopped); younger: in progress. */
export const REFUND_CLAIM_STUCK_MINUTES = 60;

/**
 * How a store keeps the refund claims (see `claimRefund`): a fresh exact read of the order, what the order says about a
 * refund, and the writes of the claim and of the "stuck refund notified" marker.
 */
export interface RefundClaimStore {
	/** Node names start with this (`Magento`, `Woo`, `Shopify`). */
	prefix: string;
	/** Reads the store order by its id (`orderId`: JS): one item per refund. */
	read: (name: string, orderId: string) => NodeSpec;
	/** JS (in a Code node, `$json`: the read node's output): the order object. */
	order: string;
	/**
	 * JS function source `(order, refundId) => ({ forwarded, notified, claims })`: whether the order has the forwarded
	 * marker and the stuck marker of the refund, and its claims `{ execution, at }`, earliest first.
	 */
	inspect: string;
	/** Writes this execution's claim (`$execution.id`, the time `$now`) of the refund `$json.refundId`. */
	claim: (name: string) => NodeSpec;
	/** Writes the "merchant told about the stuck refund" marker; `item`: JS of the refund (`.refundId`, `.storeOrderId`). */
	stuckNoted: (name: string, item: string) => NodeSpec;
	/** Text (expression template) of the forwarded marker of `{{ $json.refundId }}`, for the email. */
	forwardedMarker: string;
}

const claimCode = (from: string, store: RefundClaimStore, title: string) =>
	[
		`// Refund claim, phase 1: the order as the store has it now (not as the webhook or poll saw it).`,
		`const refund = $('${from}').item.json;`,
		`const inspect = ${store.inspect};`,
		`const seen = inspect(${store.order}, refund.refundId);`,
		`const first = seen.claims[0];`,
		`const minutes = first && first.at ? (Date.now() - Date.parse(first.at)) / 60000 : Infinity;`,
		`let state = 'free';`,
		`let reason = '';`,
		`if (seen.forwarded) {`,
		`\tstate = 'forwarded';`,
		`\treason = 'refund ' + refund.refundId + ' was forwarded to ${title} already';`,
		`} else if (first && minutes < ${REFUND_CLAIM_STUCK_MINUTES}) {`,
		`\tstate = 'inProgress';`,
		`\treason = 'refund ' + refund.refundId + ' is being forwarded by execution ' + first.execution + ' (claimed ' + first.at + ')';`,
		`} else if (first) {`,
		`\tstate = 'stuck';`,
		`\treason = 'stuck refund ' + refund.refundId + ': claimed by execution ' + first.execution + ' (' + (first.at || 'unknown time') + ') but never marked as forwarded; not sent again: check at ${title} whether it was refunded';`,
		`}`,
		`// A test run (Settings testMode: 'manual' in an editor run, or 'always') writes no claim: the marketplace node only`,
		`// describes the refund, and a claim never confirmed would later read as a stuck refund. A testMode that is not`,
		`// off/manual/always counts as a test here too: the marketplace node then fails the item with the allowed values.`,
		`const testMode = $('Settings').first().json.testMode;`,
		`const testRun = testMode !== 'off' && !(testMode === 'manual' && $execution.mode !== 'test');`,
		`if (state === 'free' && testRun) {`,
		`\tstate = 'test';`,
		`\treason = 'test run (testMode ' + testMode + '): no claim written, ${title} is not called';`,
		`}`,
		`const next = state === 'test' ? 'test' : state === 'free' ? 'claim' : state === 'stuck' && !seen.notified ? 'notify' : 'skip';`,
		`return { json: { ...refund, claim: { state, next, reason, won: state === 'test', claimedBy: first ? first.execution : '', claimedAt: first ? first.at : '' } } };`,
		'',
	].join('\n');

const firstClaimCode = (check: string, store: RefundClaimStore) =>
	[
		`// Refund claim, phase 2: the order read again after writing the claim; the first claim of the refund wins.`,
		`const refund = $('${check}').item.json;`,
		`const inspect = ${store.inspect};`,
		`const seen = inspect(${store.order}, refund.refundId);`,
		`const first = seen.claims[0];`,
		`const won = !seen.forwarded && Boolean(first) && first.execution === String($execution.id);`,
		`const reason = won ? '' : seen.forwarded ? 'forwarded meanwhile' : 'execution ' + (first ? first.execution : '?') + ' claimed refund ' + refund.refundId + ' first';`,
		`return { json: { ...refund, claim: { ...refund.claim, state: won ? 'won' : 'lost', won, reason } } };`,
		'',
	].join('\n');

/** The refund lanes' sticky-note sentences on the claim (`marker`: where the store keeps it). */
export const refundClaimNote = (marker: string) =>
	`Before money moves the order is read again and claimed for this execution (${marker}); the first claim wins, any other execution skips the refund (**Refund Skipped** says why). A claim ${REFUND_CLAIM_STUCK_MINUTES} minutes old without the forwarded marker is a stuck refund: never sent again, you get one email (**Email: Refund Stuck**).`;

/** Columns `claimRefund` takes (the marketplace's steps start this many columns after it). */
export const CLAIM_COLUMNS = 7;

/**
 * A two-phase claim before a refund moves money (items `{ orderId, storeOrderId, refundId, items, ... }` from `from`):
 * "<store>: Order Before Claim" (a fresh exact read) -> "Refund Claim Check" (forwarded, claimed and in progress, or
 * stuck: a claim older than REFUND_CLAIM_STUCK_MINUTES without the forwarded marker) -> "Claim Refund?": free ->
 * "<store>: Claim Refund" -> "<store>: Order After Claim" -> "First Claim Wins" -> "Our Claim Is First" (returned: the
 * refunds this execution may forward; the loser stops there; a test run goes there without a claim); stuck (once) -> "Email: Refund Stuck" -> the stuck
 * marker; anything else -> "Refund Skipped" (its `claim.reason` says why). Columns `column` .. `column + 6`.
 */
export function claimRefund(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	marketplace: MarketplaceNames,
	store: RefundClaimStore,
): string {
	const { title } = marketplace;
	const before = lane.add(
		store.read(`${store.prefix}: Order Before Claim`, '$json.storeOrderId'),
		column,
		y,
	);
	lane.connect(from, before);
	const check = lane.add(
		codeNode('Refund Claim Check', claimCode(from, store, title), true),
		column + 1,
		y,
	);
	lane.connect(before, check);
	const route = lane.add(
		switchNode('Claim Refund?', [
			{ output: 'claim', when: isTrue(`$json.claim.next === 'claim'`) },
			{ output: 'stuck', when: isTrue(`$json.claim.next === 'notify'`) },
			{ output: 'skip', when: isTrue(`$json.claim.next === 'skip'`) },
			{ output: 'test run', when: isTrue(`$json.claim.next === 'test'`) },
		]),
		column + 2,
		y,
	);
	lane.connect(check, route);
	const claim = lane.add(store.claim(`${store.prefix}: Claim Refund`), column + 3, y);
	lane.connect(route, claim, 0);
	const after = lane.add(
		store.read(`${store.prefix}: Order After Claim`, `$('${check}').item.json.storeOrderId`),
		column + 4,
		y,
	);
	lane.connect(claim, after);
	const first = lane.add(
		codeNode('First Claim Wins', firstClaimCode(check, store), true),
		column + 5,
		y,
	);
	lane.connect(after, first);
	const won = lane.add(
		filterNode('Our Claim Is First', [isTrue('$json.claim.won')]),
		column + 6,
		y,
	);
	lane.connect(first, won);
	// a test run goes to the marketplace node without a claim (it describes the refund, sends nothing)
	lane.connect(route, won, 3);
	const mail = lane.add(
		sendEmail(
			'Email: Refund Stuck',
			`=${title} order {{ $json.orderId }}: check refund {{ $json.refundId }}`,
			`=Store refund {{ $json.refundId }} of order {{ $json.storeOrderId }} (${title} order {{ $json.orderId }}) was claimed by execution {{ $json.claim.claimedBy }} at {{ $json.claim.claimedAt }}, but it was never marked as forwarded: that execution stopped before or after the ${title} call. It is not sent again automatically.\nCheck the order in ${title}: if the refund was made, add ${store.forwardedMarker} to the store order; if not, refund it in ${title} yourself and then add that marker.`,
		),
		column + 3,
		y + 200,
	);
	lane.connect(route, mail, 1);
	const noted = lane.add(
		store.stuckNoted(`${store.prefix}: Mark Stuck Refund Notified`, `$('${check}').item.json`),
		column + 4,
		y + 200,
	);
	lane.connect(mail, noted);
	lane.connect(route, lane.add(noOp('Refund Skipped'), column + 3, y + 340), 2);
	return won;
}
