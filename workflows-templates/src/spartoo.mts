/**
 * The Spartoo side of the lifecycle templates, written once for every store: the node and trigger specs, the settings
 * (Koongo's Spartoo order-sync settings), and the steps that talk to Spartoo in each lane. A store template wires its
 * own steps between them: `SPARTOO_LANES` (see lanes.mts).
 *
 * What is Spartoo's own: a verified order (status 11) waits for the merchant's accept (-> 2: name, address and
 * transporter freeze) or cancellation (-> 41: Spartoo refunds the buyer); a shipment is the tracking number only (-> 3:
 * Spartoo has no carrier parameter, the transporter is the order's); there is no refund call (cancelling before
 * shipping, or accepting the buyer's return after, is the refund); a return covers one product and is accepted (-> 4)
 * or refused (-> 3); stock is set per size, and 0 takes a product offline.
 */
import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { NodeSpec } from './builder.mts';
import type { MarketplaceLanes } from './lanes.mts';
import { mageClaimNote, mageComment } from './magento2.mts';
import { shopClaimNote, shopRefundSkus } from './shopify.mts';
import { wooClaimNote } from './woocommerce.mts';
import {
	ORDER_SYNC_SETTINGS,
	RECONCILE_SINCE,
	acceptAfterStoreOrder,
	cancelUnfulfillable,
	marketplaceRefund,
	marketplaceShipment,
	marketplaceStockUpdate,
	orderIntake,
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

/**
 * JS: the lines of a WooCommerce refund as Spartoo refund items (store SKU = your size reference), or none when the
 * refund does not cover every line of the order in full (Spartoo refunds whole orders only).
 */
const WOO_WHOLE_ORDER_REFUND_ITEMS =
	`(items => (order => (order.line_items || []).every(l => items.filter(i => i.sku === l.sku).reduce((sum, i) => sum + i.quantity, 0) >= l.quantity) ? items : [])($('Spartoo Orders with New Refunds').item.json))` +
	`(($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) })))`;

/**
 * JS on a credit memo ("Refund Lines"): its lines as Spartoo refund items (store SKU = your size reference), or none
 * when the memo does not cover every line of the order in full (Spartoo refunds whole orders only).
 */
const MAGE_WHOLE_ORDER_REFUND_ITEMS =
	`(items => $json.storeLines.filter(l => !l.parent_item_id).every(l => items.filter(i => i.sku === l.sku).reduce((sum, i) => sum + i.quantity, 0) >= l.qty_ordered) ? items : [])` +
	`(($json.items || []).filter(i => i.sku && i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty })))`;

/**
 * JS: the lines of a Shopify refund (`refund`: JS) as Spartoo refund items (the variant SKU = your size reference),
 * or none when the refunds of the order so far do not cover every product line in full (Spartoo refunds whole
 * orders only).
 */
const shopWholeOrderRefundItems = (refund: string) =>
	`(items => (($json.order || {}).line_items || []).filter(l => l.sku).every(l => items.filter(i => i.sku === l.sku).reduce((sum, i) => sum + i.quantity, 0) >= l.quantity) ? items : [])` +
	`(${shopRefundSkus(refund)})`;

/** The Spartoo lanes of every lifecycle template (see lanes.mts). */
export const SPARTOO_LANES: MarketplaceLanes = {
	entry: MARKETPLACE_REGISTRY.spartoo,
	names: SPARTOO,
	abbr: 'Spa',
	description: (store) =>
		`Orders accepted or cancelled at Spartoo, stock${store.id === 'woocommerce' ? '' : ' per size'}, shipments, cancellations, refunds and returns between Spartoo and ${store.title}.`,
	settings: SPARTOO_SETTINGS,
	settingsNote: SPARTOO_SETTINGS_NOTE,
	triggers: {
		orders: () => ({ node: spartooNewOrders(), lanes: ['New Spartoo orders'] }),
		returns: () => ({ node: spartooNewReturns(), lanes: ['New Spartoo returns'] }),
	},
	returnsRoute: 'New Spartoo returns',
	// the automatic acceptance's switch first, then the orders lane
	intake: (lane, _store, y) => {
		const transform = orderIntake(lane, spartooAutoAccept(lane, 'New Spartoo orders', y - 160), y);
		return { orders: transform, transform, shift: 0, y };
	},
	// the accept (11 -> 2) after the store order exists
	accept: {
		orderNumber: false,
		add: (lane, { created, orders, at, existingAt }) =>
			spartooAccept(lane, { created, orders, at, existingAt }),
	},
	// Koongo's price rule ("Auto-Accept Rule") before the store order
	gate: spartooPriceCheck,
	cancelUnfulfillable: spartooCancelUnfulfillable,
	reconcile: spartooReconcile,
	// per size: every store's stock levels carry your product reference
	stock: { filter: 'Spartoo: Managed Stock', reference: true, update: spartooStockUpdate },
	shipment: (lane, from, column, y) => spartooShipment(lane, from, column, y),
	shippedMark: SPARTOO_SHIPPED_MARK,
	storeCancel: { mark: '$json.status', add: spartooStoreCancel },
	refund: spartooRefund,
	refundedMark: '$json.refundedBy',
	returnIntake: spartooReturnIntake,
	returnColumn: 5,
	stockTemplate: {
		// preview: off until you switch it on
		enabled: false,
		settings: {},
		settingsNote: `- **spartooEnabled**: Spartoo (in preview: off by default) gets the stock per size, by your product reference (a WooCommerce variation or a Magento child of a configurable product: its parent's SKU; a Shopify variant of a product with options: **spartooProductReference**; any other product: its own SKU) and size reference (the SKU)`,
		fanOut:
			'Spartoo per size by your product reference and size reference (one call for one size, else one batch call per 500 products; stock 0 takes a product offline; a size Spartoo does not know or no longer sells fails alone)',
	},
	pairs: {
		woocommerce: {
			notes: {
				orders: spartooNotes.orders(
					'WooCommerce',
					"Lines are matched to store products and variations by SKU (your size reference). An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock), the Spartoo order id in the order meta **orderIdMetaKey**, at Spartoo's prices.",
				),
				stock:
					spartooNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Spartoo (read again when the wait is over, not taken from the webhook).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.`),
				shipments: spartooNotes.shipments(
					'WooCommerce (status *completed*)',
					'The tracking number is the last entry of the Shipment Tracking extension (order meta **trackingMetaKey**). The order gets `_spartoo_shipment`, so it ships once.',
				),
				cancellations: spartooNotes.cancellations('WooCommerce'),
				refunds: spartooNotes.refunds(
					'WooCommerce',
					'Refunds this workflow made for Spartoo returns are skipped; each refund is sent once (`_spartoo_refunds_forwarded`). ' +
						wooClaimNote('spartoo'),
				),
				returns: spartooNotes.returns('WooCommerce'),
			},
			refundItems: () => WOO_WHOLE_ORDER_REFUND_ITEMS,
			returnRefunded: SPARTOO_RETURN_REFUNDED,
		},
		magento2: {
			fullStockSync: true,
			cancellations: true,
			// a refused cancellation is marked too: the next poll does not email it again
			afterCancellations: (lane, y) =>
				lane.connect(
					'Email: Cancellation Refused',
					lane.add(
						mageComment(
							'Magento: Tag Cancellation Refused',
							`$('Cancelled Order').item.json.storeOrderId`,
							`'[spartoo-cancelled] Spartoo refused the cancellation'`,
						),
						7,
						y + 920,
					),
				),
			notes: {
				orders: spartooNotes.orders(
					'Magento',
					`Lines are matched by SKU (your size reference) against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the Spartoo order id as an order comment \`[spartoo:<id>]\` and is invoiced: Spartoo collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid at Spartoo.`,
				),
				stock:
					spartooNotes.stock(`Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Spartoo** (what Spartoo does not have yet) -> Spartoo -> **Remember Sent to Spartoo** keeps what Spartoo accepted (the workflow's static data).
Every hour (**Every Hour: Full Stock Sync**) every product goes to Spartoo again, changed or not, which repairs anything Spartoo lost.
In Magento a size is a simple product linked to a configurable product: **Magento: Configurable Products** lists them once with their children (\`configurable_product_links\`), and **Configurable Parents** gives each child the configurable product's SKU as your product reference (its own SKU is the size reference); a simple product of no configurable product is its own reference.`),
				storeChanges: `${spartooNotes.shipments(
					'Magento (a shipment)',
					"Every 5 minutes the orders changed in the last **lookbackDays** are read once. The tracking number is the shipment's last track. Spartoo ships an order as a whole: the first shipment with a track ships it (a later shipment of the order is reported as shipped before). The order gets the comment `[spartoo-shipped:<shipment>]`, so each shipment is sent once; a track added later to a shipment without one ships it then.",
				)}

${spartooNotes.cancellations('Magento')} In Magento the mark is the comment \`[spartoo-cancelled]\` (a refused cancellation gets it too, after its email). Orders are invoiced when they are created, so Magento offers **Cancel** only for an order whose invoice is missing; otherwise a credit memo of the whole order (5. Store refunds) is how you take it back.

${spartooNotes.refunds(
	'Magento (a credit memo)',
	'Credit memos this workflow made for Spartoo returns are skipped; each memo is sent once (`[spartoo-refund-forwarded:<memo>]`). ' +
		mageClaimNote('spartoo'),
)}

No separate store reconciliation: the poll reads every order changed in the last **lookbackDays**, so a change it missed (n8n down, a failed run) is found by the next poll.`,
				returns: `${spartooNotes.returns('Magento')}
In Magento the refund is an offline credit memo of the unit with return to stock; the credit memo carries \`[spartoo-return-refunded:<return>:memo] <sku> x <qty>\` from the start and the order gets \`[spartoo-return-refunded:<return>:<memo>]\`, and the refund lane does not send the memo back to Spartoo.`,
			},
			refundItems: () => MAGE_WHOLE_ORDER_REFUND_ITEMS,
		},
		shopify: {
			notes: {
				orders: spartooNotes.orders(
					'Shopify',
					"Lines are matched to the shop's variants by SKU (your size reference). An order that can be fulfilled is created paid, at Spartoo's prices, without receipts, with the Spartoo order id in the note attribute `spartoo_order_id`; the stock is decremented (obeying each variant's inventory policy).",
				),
				stock:
					spartooNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's current available quantity (all locations, or **locationId**) goes to Spartoo (read again when the wait is over, not taken from the webhook).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
In Shopify a product without options is a product without sizes (its SKU is its reference and size reference); a variant of a product with options is a size of that product: its SKU is the size reference, the product's reference follows **spartooProductReference** (\`handle\` by default). Shopify's REST API finds no variant by inventory item, so a change reads the shop's product list once (**Shopify: Changed Item Products**) for the variant's product.`),
				shipments: spartooNotes.shipments(
					'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
					"The tracking number is the fulfilment's first. Spartoo ships an order as a whole: the first fulfilment with a tracking number ships it (a later fulfilment of the order is reported as shipped before). The order gets `spartoo_shipped_<fulfilment>`, so each fulfilment ships once.",
				),
				cancellations: spartooNotes.cancellations('Shopify'),
				refunds: spartooNotes.refunds(
					'Shopify',
					'Refunds this workflow made for Spartoo returns are skipped; each refund is sent once (`spartoo_refund_forwarded_<refund>`). ' +
						shopClaimNote('spartoo'),
				),
				returns: spartooNotes.returns('Shopify'),
			},
			refundItems: shopWholeOrderRefundItems,
		},
	},
};
