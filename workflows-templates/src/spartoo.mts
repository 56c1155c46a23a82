/**
 * The Spartoo side of the lifecycle templates, written once for every store: the node and trigger specs, the settings
 * (Koongo's Spartoo order-sync settings), and the steps that talk to Spartoo in each lane. A store template wires its
 * own steps between them (see spartoo-woocommerce.mts).
 *
 * What is Spartoo's own: a verified order (status 11) waits for the merchant's accept (-> 2: name, address and
 * transporter freeze) or cancellation (-> 41: Spartoo refunds the buyer); a shipment is the tracking number only (-> 3:
 * Spartoo has no carrier parameter, the transporter is the order's); there is no refund call (cancelling before
 * shipping, or accepting the buyer's return after, is the refund); a return covers one product and is accepted (-> 4)
 * or refused (-> 3); stock is set per size, and 0 takes a product offline.
 */
import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { NodeSpec } from './builder.mts';
import type { StockMarketplace } from './lanes.mts';
import {
	ORDER_SYNC_SETTINGS,
	RECONCILE_SINCE,
	acceptAfterStoreOrder,
	cancelUnfulfillable,
	marketplaceRefund,
	marketplaceShipment,
	marketplaceStockUpdate,
	reconcileOrders,
	reconcileSettings,
	type Lifecycle,
	type MarketplaceNames,
} from './lifecycle.mts';
import {
	TEST_MODE_NOTE,
	TEST_MODE_SETTING,
	codeNode,
	expr,
	filterNode,
	ifNode,
	isTrue,
	notEmpty,
	orderSync,
	packageNode,
	packageTrigger,
	sendEmail,
	setNode,
	setting,
	switchNode,
	type Fields,
} from './nodes.mts';

const S = setting;

/** How the lanes name Spartoo (node names "Completed Spartoo Orders", meta keys `_spartoo_*`, refunds "Spartoo return ..."). */
export const SPARTOO: MarketplaceNames = { key: 'spartoo', name: 'Spartoo', title: 'Spartoo' };

/**
 * The Spartoo credential reference (by type and display name; the user picks their own on import). Belongs in
 * nodes.mts CREDENTIAL_NAMES (`spartooApi: 'Spartoo account'`) once Spartoo leaves preview.
 */
export const SPARTOO_CREDENTIAL = { spartooApi: { id: '', name: 'Spartoo account' } };

/** The Spartoo node (`spartoo`) reading Test Mode from Settings. */
export const spartooNode = (name: string, parameters: Record<string, unknown>): NodeSpec =>
	packageNode('spartoo', structuredClone(SPARTOO_CREDENTIAL), name, parameters);

/**
 * The Spartoo triggers' product identification: a trigger runs before Settings, so it cannot read
 * **spartooProductIdentification**; the size reference is the store SKU of a size (a product without sizes: its
 * reference).
 */
const TRIGGER_OPTIONS = { productIdentification: 'sizeReference' };

/** "Spartoo: New Orders": verified orders (status 11) waiting for the merchant. */
export const spartooNewOrders = (minutes = 5) =>
	packageTrigger(
		'spartooTrigger',
		structuredClone(SPARTOO_CREDENTIAL),
		'Spartoo: New Orders',
		'newOrder',
		minutes,
		TRIGGER_OPTIONS,
	);
/** "Spartoo: New Returns": returns the buyers registered. */
export const spartooNewReturns = (minutes = 15) =>
	packageTrigger(
		'spartooTrigger',
		structuredClone(SPARTOO_CREDENTIAL),
		'Spartoo: New Returns',
		'newReturn',
		minutes,
		TRIGGER_OPTIONS,
	);

/** Settings of the Spartoo lanes, whatever the store (Koongo's Spartoo settings). */
export const SPARTOO_SETTINGS: Fields = {
	...TEST_MODE_SETTING,
	syncLevel: ORDER_SYNC_SETTINGS.syncLevel,
	syncFrom: ORDER_SYNC_SETTINGS.syncFrom,
	// Spartoo orders are all shipped by the merchant: the orders lane's filter reads these as for any marketplace
	orderTypes: ORDER_SYNC_SETTINGS.orderTypes,
	skipMarketplaceFulfilledLines: ORDER_SYNC_SETTINGS.skipMarketplaceFulfilledLines,
	updateStockForMarketplaceOrders: ORDER_SYNC_SETTINGS.updateStockForMarketplaceOrders,
	...reconcileSettings(7),
	// Koongo "Accept Orders Automatically" (Koongo's default is off; this template's reason to exist: on) and its
	// price rule ("Price Attribute", "Price Attribute Threshold")
	autoAcceptOrders: { type: 'boolean', value: true },
	autoAcceptThreshold: { type: 'number', value: 0.97 },
	autoAcceptPriceAttribute: { type: 'string', value: 'finalPrice' },
	cancelUnfulfillableOrders: ORDER_SYNC_SETTINGS.cancelUnfulfillableOrders,
	// Koongo "Product Identification Attribute": the size reference is the store SKU of a size
	spartooProductIdentification: { type: 'string', value: 'sizeReference' },
	productIdentification: ORDER_SYNC_SETTINGS.productIdentification,
	skuPrefixPattern: ORDER_SYNC_SETTINGS.skuPrefixPattern,
	skuSuffixPattern: ORDER_SYNC_SETTINGS.skuSuffixPattern,
	useBillingAsShipping: ORDER_SYNC_SETTINGS.useBillingAsShipping,
	returnDecision: { type: 'string', value: 'accept' },
	returnLabelLink: { type: 'string', value: '' },
	restockReturnedItems: ORDER_SYNC_SETTINGS.restockReturnedItems,
	returnLookbackDays: { type: 'number', value: 120 },
	notificationEmail: ORDER_SYNC_SETTINGS.notificationEmail,
	notificationFrom: ORDER_SYNC_SETTINGS.notificationFrom,
};

/** The Settings note lines for the Spartoo settings. */
export const SPARTOO_SETTINGS_NOTE = `${TEST_MODE_NOTE}
- **syncLevel** \`ordersAndStock\` | \`stockOnly\`; **syncFrom** (ISO date: older orders are left alone); **orderTypes**, **skipMarketplaceFulfilledLines**, **updateStockForMarketplaceOrders** as in every template (Spartoo orders are all shipped by you)
- **reconcileDays**, **reconcileMinAgeMinutes**: the hourly reconciliation of Spartoo's open orders (waiting 11, accepted 2)
- **autoAcceptOrders** (Koongo "Accept Orders Automatically"): on, a new order the store can fulfil, every line priced at least **autoAcceptThreshold** x the store price, is created in the store and accepted at Spartoo (11 -> 2); off, each new order is emailed to you, you accept it in Spartoo, and the hourly reconciliation creates it in the store
- **autoAcceptThreshold** (0.97: a line is priced well enough at 97 % of the store price or more) and **autoAcceptPriceAttribute** \`finalPrice\` (the store's selling price) | \`originalPrice\` (its regular price), both incl. tax and in the currency of your Spartoo prices (Koongo "Price Attribute", "Price Attribute Threshold"): an order priced lower is not created and not accepted; you get one email with its lines and prices and decide in Spartoo (it waits there, status 11)
- **cancelUnfulfillableOrders**: an order with an unknown product or too little stock is cancelled at Spartoo (41: Spartoo refunds the buyer), with an email either way
- **spartooProductIdentification** \`sizeReference\` (your size reference = the store SKU of a size or variation; a product without sizes: its reference) | \`reference\` (your product reference) | \`spartooId\`; also set it in the Options of both Spartoo triggers; **productIdentification**, **skuPrefixPattern**, **skuSuffixPattern**, **useBillingAsShipping**
- **returnDecision** \`accept\` (Spartoo refunds the buyer; the store order is refunded and restocked) | \`refuse\` (only a return still waiting to be received) | \`manual\` (an email; decide in Spartoo); **returnLabelLink**: an optional URL you host with the return label (sent with the decision)
- **restockReturnedItems**, **returnLookbackDays** (how far back the store orders of a return are looked up)
- **notificationEmail**, **notificationFrom**`;

/** The Spartoo node's options for orders and returns: the product identification only (Koongo's). */
const MAPPING_OPTIONS = { productIdentification: expr(S('spartooProductIdentification')) };

/** JS on a normalized Spartoo order: its Spartoo status (11 waiting, 2 accepted, ...). */
const STATUS = 'Number(($json.extra || {}).spartooStatus)';

/**
 * "Accept Automatically?" (Settings **autoAcceptOrders**) on the new orders of `route`: on -> returned (the If node;
 * output 0 goes into the orders lane's "Filter Orders"); off -> "Email: Order to Accept" (you accept in Spartoo; the
 * hourly reconciliation creates the accepted order in the store).
 */
export function spartooAutoAccept(lane: Lifecycle, route: string, y: number): string {
	const auto = lane.add(ifNode('Accept Automatically?', [isTrue(S('autoAcceptOrders'))]), 0, y);
	lane.fromRoute(route, auto);
	lane.connect(
		auto,
		lane.add(
			sendEmail(
				'Email: Order to Accept',
				`=Spartoo order {{ $json.orderId }} waits for your accept`,
				`=Spartoo order {{ $json.orderId }} ({{ $json.lines.map(l => l.sku + ' x ' + l.quantity + ' at ' + l.unitPrice + ' ' + $json.currency).join(', ') }}) is verified and waits for your decision. Automatic acceptance is off (Settings autoAcceptOrders): accept or cancel it in Spartoo. The hourly reconciliation creates the accepted order in the store.`,
			),
			1,
			y - 160,
		),
		1,
	);
	return auto;
}

/**
 * Spartoo's accept after the store order exists (`acceptAfterStoreOrder`): the order just created and the orders
 * already in the store -> "Not Accepted Yet" (still status 11) -> "Spartoo: Accept Order" (11 -> 2); a refusal ->
 * "Email: Order Not Accepted" (the hourly reconciliation tries again). An order accepted before is not sent again.
 */
export function spartooAccept(
	lane: Lifecycle,
	options: {
		created: string;
		orders: string;
		at: [number, number];
		existingAt: [number, number];
	},
): string {
	const order = `$('Check Store Stock').item.json`;
	return acceptAfterStoreOrder(lane, {
		...options,
		createdFields: {
			orderId: { type: 'string', value: expr(`${order}.orderId`) },
			extra: { type: 'object', value: expr(`${order}.extra`) },
		},
		open: { name: 'Not Accepted Yet', conditions: [isTrue(`${STATUS} === 11`)] },
		accept: spartooNode('Spartoo: Accept Order', {
			resource: 'order',
			operation: 'accept',
			orderId: expr('$json.orderId'),
			options: MAPPING_OPTIONS,
		}),
		refused: (item) => ({
			subject: `=Spartoo order {{ ${item}.orderId }} was not accepted`,
			text: `=Spartoo order {{ ${item}.orderId }} is in the store, but Spartoo did not take its accept: {{ $json.error || 'no answer' }}.\nThe hourly reconciliation tries again; until then the order waits (status 11) in Spartoo.`,
		}),
	});
}

/** Where the workflow's static data keeps the orders "Email: Order Not Auto-Accepted" reported (order id -> when). */
const HELD = 'spartooOrdersNotAutoAccepted';

/**
 * Koongo's price rule on the orders the store can fulfil (output 0 of "Can Fulfil?", `from`): "Auto-Accept Rule"
 * (Marketplace Order Sync > Decide Acceptance, the rule Spartoo's Order > Accept applies in Auto-Accept mode: every
 * line in stock in `storeProducts`, JS of the store's `{ [sku]: { stock, finalPrice, originalPrice } }` from
 * `$json.catalog`, and its Spartoo unit price at least **autoAcceptThreshold** x its **autoAcceptPriceAttribute**
 * price). It decides before the store order exists, so the accept still follows the store order. Only an order that
 * waits (11) is priced: one you accepted in Spartoo (2) is yours, threshold 0. Output 0 (accepted) is returned, for the
 * store's create step; output 1 -> "Not Emailed Yet" -> "Email: Order Not Auto-Accepted" (its lines and prices; it
 * waits for your decision at Spartoo) -> "Remember Emailed Orders": the workflow's static data keeps the order, so the
 * hourly reconciliation, which finds it again while it waits, emails it once.
 */
export function spartooPriceCheck(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	storeProducts: string,
	/** The row of the not-accepted branch (below the store's create steps). */
	branchY = y + 160,
): string {
	const waiting = `${STATUS} === 11`;
	const rule = lane.add(
		orderSync('Auto-Accept Rule', 'decideAcceptance', {
			storeDataSource: 'lookup',
			storeProducts: expr(storeProducts),
			matchBy: 'sku',
			priceAttribute: expr(S('autoAcceptPriceAttribute')),
			threshold: expr(`${waiting} ? ${S('autoAcceptThreshold')} : 0`),
			options: { onMissingPrice: expr(`${waiting} ? 'decline' : 'skipPriceCheck'`) },
		}),
		column,
		y,
	);
	lane.connect(from, rule, 0);
	const fresh = lane.add(
		codeNode(
			'Not Emailed Yet',
			[
				`// An order that was not accepted automatically waits at Spartoo (11), so the hourly reconciliation finds it again:`,
				`// only the orders not emailed before go on ("Remember Emailed Orders" keeps them in the workflow's static data).`,
				`const emailed = $getWorkflowStaticData('global').${HELD} || {};`,
				`return $input.all().flatMap((item, index) => emailed[item.json.orderId] ? [] : [{ json: item.json, pairedItem: { item: index } }]);`,
				'',
			].join('\n'),
		),
		column + 1,
		branchY,
	);
	lane.connect(rule, fresh, 1);
	const mail = lane.add(
		sendEmail(
			'Email: Order Not Auto-Accepted',
			`=Spartoo order {{ $json.orderId }} was not accepted automatically`,
			`=Spartoo order {{ $json.orderId }} was not accepted automatically (Settings autoAcceptThreshold {{ ${S('autoAcceptThreshold')} }} x autoAcceptPriceAttribute {{ ${S('autoAcceptPriceAttribute')} }}):\n{{ $json.acceptance.lines.filter(l => l.decision === 'decline').map(l => '- ' + l.reason).join('\\n') }}\nIts lines: {{ $json.lines.map(l => l.sku + ' x ' + l.quantity + ' at ' + l.unitPrice + ' ' + $json.currency).join(', ') }}.\n{{ ${waiting} ? 'It was not created in the store and waits for your decision at Spartoo (status 11): accept it there and the hourly reconciliation creates it in the store, or cancel it.' : 'You accepted it at Spartoo, but it was not created in the store: create it yourself.' }} You get this email once.`,
		),
		column + 2,
		branchY,
	);
	lane.connect(fresh, mail);
	lane.connect(
		mail,
		lane.add(
			codeNode(
				'Remember Emailed Orders',
				[
					`// The orders just emailed, kept in the workflow's static data so "Not Emailed Yet" stops them next time; an entry`,
					`// older than the reconciliation window (reconcileDays, at least 30 days) is dropped.`,
					`const data = $getWorkflowStaticData('global');`,
					`const emailed = (data.${HELD} = data.${HELD} || {});`,
					`const now = Date.now();`,
					`const keep = Math.max(30, Number($('Settings').first().json.reconcileDays) || 0) * 86400000;`,
					`for (const [orderId, at] of Object.entries(emailed)) if (now - Date.parse(at) > keep) delete emailed[orderId];`,
					`for (const item of $('Not Emailed Yet').all()) emailed[item.json.orderId] = new Date(now).toISOString();`,
					`return $input.all();`,
					'',
				].join('\n'),
			),
			column + 3,
			branchY,
		),
	);
	return rule;
}

/** "Spartoo: ..." cancelling the item's `orderId` (-> 41; Spartoo refunds the buyer). */
const spartooCancelNode = (name: string): NodeSpec =>
	spartooNode(name, {
		resource: 'order',
		operation: 'cancel',
		orderId: expr('$json.orderId'),
		options: MAPPING_OPTIONS,
	});

/** Orders the store cannot fulfil: cancelled at Spartoo (when **cancelUnfulfillableOrders**), an email either way. */
export function spartooCancelUnfulfillable(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): void {
	cancelUnfulfillable(lane, from, column, y, {
		marketplace: SPARTOO,
		cancel: spartooCancelNode('Spartoo: Cancel Order'),
		cancelWhen: () => S('cancelUnfulfillableOrders'),
		cancelledText: `'It was cancelled at Spartoo (status 41: Spartoo refunds the buyer).'`,
	});
}

/**
 * Store shipments -> "Check Tracking" (Spartoo: a tracking number) -> "Spartoo: Ship Order" (2 -> 3 with the tracking
 * number; the transporter is the order's, so the store carrier is not sent), or the missing-tracking email.
 */
export function spartooShipment(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): { shipped: string; notified: string } {
	return marketplaceShipment(lane, from, column, y, {
		marketplace: SPARTOO,
		ship: spartooNode('Spartoo: Ship Order', {
			resource: 'shipment',
			operation: 'create',
			orderId: expr('$json.orderId'),
			trackingNumber: expr('$json.trackingCheck.trackingCode'),
			options: MAPPING_OPTIONS,
		}),
		needs: "Spartoo needs the parcel's tracking number (it ships with the order's own transporter)",
	});
}

/** JS on "Spartoo: Ship Order"'s output: the store's shipped mark. */
export const SPARTOO_SHIPPED_MARK = `($json.trackingNumber || 'shipped before') + ' (' + ($json.transporter || '') + ')'`;

/**
 * "Spartoo: Cancel Store-Cancelled Order" (-> 41) for items with `orderId`; Spartoo refuses a shipped order (its error
 * output -> "Email: Cancellation Refused": the buyer returns it instead). Returns the cancel node.
 */
export function spartooStoreCancel(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	const cancel = lane.add(
		{
			...spartooCancelNode('Spartoo: Cancel Store-Cancelled Order'),
			onError: 'continueErrorOutput',
		},
		column,
		y,
	);
	lane.connect(from, cancel);
	const order = `$('${from}').item.json`;
	lane.connect(
		cancel,
		lane.add(
			sendEmail(
				'Email: Cancellation Refused',
				`=Spartoo order {{ ${order}.orderId }} was not cancelled at Spartoo`,
				`=Store order {{ ${order}.storeOrderId }} (Spartoo order {{ ${order}.orderId }}) was cancelled in the store, but Spartoo refused the cancellation: {{ $json.error || 'no answer' }}.\nSpartoo cancels only orders not shipped yet; a shipped order comes back as the buyer's return.`,
			),
			column + 1,
			y + 120,
		),
		1,
	);
	return cancel;
}

/**
 * A store refund of the whole order (items `[{ sku, quantity }]`, empty for a partial refund) -> "Spartoo: Refund"
 * (Refund > Create: Spartoo has no refund call; before shipping the order is cancelled, 41, after shipping the buyer's
 * returns of the order are accepted, 4; Spartoo refunds the buyer); otherwise an email.
 */
export function spartooRefund(lane: Lifecycle, from: string, column: number, y: number): string {
	return marketplaceRefund(lane, from, column, y, {
		marketplace: SPARTOO,
		refund: spartooNode('Spartoo: Refund', {
			resource: 'refund',
			operation: 'create',
			orderId: expr('$json.orderId'),
			returnId: '',
			options: MAPPING_OPTIONS,
		}),
		why: "Spartoo refunds whole orders only: it cancels the order before shipping or accepts the buyer's returns after; cancel the order or accept the return in Spartoo",
	});
}

/**
 * New returns -> "Pending Returns" (waiting to be received) -> "Return Decision" (Settings **returnDecision**): accept
 * -> "Spartoo: Accept Return" (4: Spartoo refunds the buyer) -> "Returned Line" `{ orderId, rmaId (the return id),
 * sku, quantity, registeredAt }` (returned, for the store refund with restock); refuse -> "Spartoo: Refuse Return" (3);
 * manual -> "Email: Return to Decide".
 */
/**
 * JS on a normalized Spartoo return: its product has several sizes in the order and the returned one could not be told
 * apart (`extra.sizeResolution`): it goes to "Email: Return to Decide", never to a guessed store line.
 */
const AMBIGUOUS = `((($json.extra || {}).sizeResolution || {}).status === 'ambiguous')`;

export function spartooReturnIntake(lane: Lifecycle, route: string, y: number): string {
	const pending = lane.add(
		filterNode('Pending Returns', [isTrue(`$json.status === 'open'`)]),
		0,
		y,
	);
	lane.fromRoute(route, pending);
	const decision = lane.add(
		switchNode('Return Decision', [
			{ output: 'accept', when: isTrue(`!${AMBIGUOUS} && ${S('returnDecision')} === 'accept'`) },
			{ output: 'refuse', when: isTrue(`!${AMBIGUOUS} && ${S('returnDecision')} === 'refuse'`) },
			{
				output: 'manual',
				when: isTrue(`${AMBIGUOUS} || !['accept', 'refuse'].includes(${S('returnDecision')})`),
			},
		]),
		1,
		y,
	);
	lane.connect(pending, decision);
	const decide = (name: string, operation: 'accept' | 'refuse') =>
		spartooNode(name, {
			resource: 'return',
			operation,
			returnId: expr('$json.returnId'),
			labelLink: expr(S('returnLabelLink')),
			options: MAPPING_OPTIONS,
		});
	const accept = lane.add(decide('Spartoo: Accept Return', 'accept'), 2, y - 80);
	lane.connect(decision, accept, 0);
	lane.connect(decision, lane.add(decide('Spartoo: Refuse Return', 'refuse'), 2, y + 100), 1);
	lane.connect(
		decision,
		lane.add(
			sendEmail(
				'Email: Return to Decide',
				`=Spartoo return {{ $json.returnId }} waits for your decision`,
				`=Spartoo return {{ $json.returnId }} of order {{ $json.orderIds.join(', ') }} ({{ $json.lines.map(l => l.sku + ' x ' + l.quantity + (l.reason ? ' (' + l.reason + ')' : '')).join(', ') }}) waits to be received. {{ (($json.extra || {}).sizeResolution || {}).status === 'ambiguous' ? 'Which size was returned is not known (the order has ' + (($json.extra.sizeResolution.candidates || []).map(c => (c.sizeReference || '?') + (c.size ? ' size ' + c.size : '')).join(', ')) + '): accept or refuse it in Spartoo and refund the store order by hand.' : 'Settings returnDecision is manual: accept or refuse it in Spartoo.' }}`,
			),
			2,
			y + 260,
		),
		2,
	);
	const line = '$json.lines[0]';
	// the returned size as the trigger resolved it from the return's order (Spartoo's return names the product
	// reference; the decision's answer is read again without that resolution)
	const resolved = `$('Pending Returns').item.json.lines[0]`;
	const returned = lane.add(
		setNode('Returned Line', {
			orderId: { type: 'string', value: expr(`String(${line}.orderId || '')`) },
			rmaId: { type: 'string', value: expr('$json.returnId') },
			sku: { type: 'string', value: expr(`${resolved}.sku || ${line}.sku || ''`) },
			quantity: { type: 'number', value: expr(`${line}.quantity`) },
			registeredAt: { type: 'string', value: expr(`$json.registeredAt || $now.toISO()`) },
		}),
		3,
		y - 80,
	);
	lane.connect(accept, returned);
	return returned;
}

/** JS (on a returned line joined with its store order): the store order has the refund of this return already. */
export const SPARTOO_RETURN_REFUNDED = `$json.storeRefunds.some(r => String(r.reason || '') === 'Spartoo return ' + $json.rmaId)`;

/**
 * "Spartoo: Managed Stock" (managed, with a SKU) -> "Spartoo: Update Stock" for items `{ sku, reference, quantity,
 * managed }` (`reference`: your product reference, the parent's SKU for a size): one call for one size, else one
 * batch call per 500 products.
 */
export function spartooStockUpdate(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	return marketplaceStockUpdate(lane, from, column, y, {
		marketplace: SPARTOO,
		conditions: [notEmpty('$json.sku'), notEmpty('$json.reference')],
		update: spartooNode('Spartoo: Update Stock', {
			resource: 'stock',
			operation: 'update',
			reference: expr('$json.reference'),
			sizeReference: expr('$json.sku'),
			quantity: expr('$json.quantity'),
		}),
	});
}

/**
 * The reconciliation lane (after the orders lane): every hour Spartoo's orders changed in the window ("Spartoo: Open
 * Orders") that still wait (11, when **autoAcceptOrders**) or are accepted and not shipped (2) go into the orders
 * lane's "Filter Orders": one missing in the store is created once (and accepted, if it waits and passes the price
 * rule; one that does not stays waiting and is emailed once: spartooPriceCheck); one in the store that still waits is
 * accepted.
 */
export function spartooReconcile(lane: Lifecycle, y: number): string {
	return reconcileOrders(
		lane,
		spartooNode('Spartoo: Open Orders', {
			resource: 'order',
			operation: 'getAll',
			since: expr(RECONCILE_SINCE),
			status: 'all',
			returnAll: true,
			options: MAPPING_OPTIONS,
		}),
		y,
		spartooNotes.reconcile,
		`${STATUS} === 2 || (${STATUS} === 11 && ${S('autoAcceptOrders')})`,
	);
}

/** The Spartoo lanes' sticky notes, with the store's words filled in. */
export const spartooNotes = {
	orders: (store: string, specifics: string) => `## 1. Orders: create, then accept at Spartoo
New Spartoo orders (polled: verified, status 11, waiting for your accept) -> **Accept Automatically?** (**autoAcceptOrders**; off: one email per order, you accept in Spartoo and the hourly reconciliation creates it) -> **Filter Orders** -> **Transform Orders** -> **Only New Orders** (its Spartoo order id is not on a ${store} order yet) -> **Can Fulfil?** -> **Auto-Accept Rule** (Koongo's price rule) -> the store order, created once.
${specifics}
Then **Spartoo: Accept Order** (11 -> 2: name, address and transporter freeze). An order already in the store that still waits (its accept failed, or its run stopped after the store order) is accepted instead of created (**Orders Already in Store**); one accepted before is not sent again. A refused accept -> email, and the hourly reconciliation tries again.
An order with an unknown product or too little stock is cancelled at Spartoo (41: Spartoo refunds the buyer; when **cancelUnfulfillableOrders**), and you get an email.
Before the store order, **Auto-Accept Rule** applies Koongo's price rule to an order that waits (11): every line's Spartoo unit price must be at least **autoAcceptThreshold** (0.97) x the store's **autoAcceptPriceAttribute** price (\`finalPrice\` or \`originalPrice\`, incl. tax). An order priced lower is not created and not accepted: it waits at Spartoo for your decision and you get one email naming its lines and prices (**Email: Order Not Auto-Accepted**; the workflow's static data remembers it, so the hourly reconciliation does not email it again). Accept it in Spartoo and the reconciliation creates it in the store, or cancel it; if the rule passes later (a store price lowered), the reconciliation accepts it then. An order you accepted yourself (2) is not priced. The store order is made at Spartoo's prices.`,
	reconcile: `## Reconciliation (at-least-once intake and accept)
Every hour (**Every Hour: Reconcile Orders**) Spartoo's orders changed in the last **reconcileDays** days (or since **syncFrom**, if later) -> **Spartoo: Open Orders** -> those still waiting (11, when **autoAcceptOrders**) or accepted and not shipped (2), older than **reconcileMinAgeMinutes** -> the orders lane above, from **Filter Orders** on: the trigger's own path, not a copy.
What it repairs: n8n saves the trigger's state before the workflow runs, so an order whose run failed is never polled again; it still waits at Spartoo, so this lane creates it once and accepts it. Orders you accepted in Spartoo yourself are created once. One the store has already (looked up by the Spartoo order id) is only accepted if it still waits. One left waiting by the price rule is priced again every hour, and emailed only once.
Cost: one export call an hour (Spartoo counts calls per hour).`,
	stock: (specifics: string) => `## 2. Stock
${specifics}
Spartoo finds a size by your product reference and size reference: a simple product is its own reference and size reference (Spartoo's \`TU\`), a variation is a size of its parent product (the parent's SKU is the reference). One size goes through \`xml_maj_stock.php\`, more in one batch call per 500 products (\`xml_maj_stock_batch.php\`). **Stock 0 takes the product offline at Spartoo.** A size Spartoo does not know (-14) or no longer sells (-20) fails alone and the others go on; an unchanged quantity (-18) is not an error.`,
	shipments: (store: string, specifics: string) => `## 3. Shipments
A Spartoo order shipped in ${store} -> **Check Tracking** (Spartoo needs the tracking number) -> **Spartoo: Ship Order** (2 -> 3 with the tracking number; Spartoo emails it to the buyer). Spartoo has no carrier parameter: the transporter is the one of the order (\`shipping_name\`), so the store's carrier is not sent; ship with that transporter.
${specifics}
No tracking number: one email instead of a shipment; add it and the shipment goes out. An order shipped before is reported, not sent again.`,
	cancellations: (store: string) => `## Store cancellations
A Spartoo order cancelled in ${store} is cancelled at Spartoo (41: Spartoo refunds the buyer), once. Spartoo refuses a shipped order: you get an email (the buyer returns it instead).`,
	refunds: (store: string, specifics: string) => `## 5. Store refunds
A refund of a whole Spartoo order in ${store} (every line in full) -> **Spartoo: Refund** (Refund > Create): Spartoo has no refund call and refunds the buyer itself, so before shipping the order is cancelled (41) and after shipping the buyer's returns of the order are accepted (4). A partial refund, or one without product lines -> email (Spartoo cannot refund part of an order).
${specifics}`,
	returns: (store: string) => `## 4. Returns
New Spartoo returns (a buyer's return of one product, polled) -> **Return Decision** (**returnDecision**):
- \`accept\` -> **Spartoo: Accept Return** (4: Spartoo refunds the buyer) -> the ${store} order gets a refund of that product (no payment is moved: Spartoo paid) and it goes back into stock (**restockReturnedItems**), once per return (refund reason "Spartoo return <return id>").
- \`refuse\` -> **Spartoo: Refuse Return** (3; only a return still waiting to be received).
- \`manual\` -> an email; decide in Spartoo.
With **returnLabelLink**, the decision carries your return label link. A return decided before (a re-run) is reported by Spartoo's node and not sent again. Spartoo's return names your product reference, not the size: **Spartoo: New Returns** reads the return's order (one call per order, counted in Spartoo's hourly quota) and takes the size from it; when the order has several sizes of that product and the return's size label does not tell them apart, the return goes to the email (decide in Spartoo, refund in the store by hand).`,
};

/** Spartoo's stock lanes: per size, by your product reference and size reference (see lanes.mts). */
export const SPARTOO_STOCK: StockMarketplace = {
	entry: MARKETPLACE_REGISTRY.spartoo,
	names: SPARTOO,
	stock: { filter: 'Spartoo: Managed Stock', reference: true, update: spartooStockUpdate },
	stockTemplate: {
		// preview: off until you switch it on
		enabled: false,
		settings: {},
		settingsNote: `- **spartooEnabled**: Spartoo (in preview: off by default) gets the stock per size, by your product reference (a WooCommerce variation or a Magento child of a configurable product: its parent's SKU; a Shopify variant of a product with options: **spartooProductReference**; any other product: its own SKU) and size reference (the SKU)`,
		fanOut:
			'Spartoo per size by your product reference and size reference (one call for one size, else one batch call per 500 products; stock 0 takes a product offline; a size Spartoo does not know or no longer sells fails alone)',
	},
};
