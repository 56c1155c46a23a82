/**
 * The store reconciliation lane of the WooCommerce and Shopify lifecycle templates (issue #14, failure 11): an hourly
 * schedule reads the store orders changed in its window and feeds the shipment, cancellation and refund lanes from
 * their first node, as their webhooks do; only what the orders' own markers do not show as done goes on. Checked on the
 * generated JSON: the wiring, the cap, and the selection code run on store orders as the REST APIs return them.
 */
import { describe, expect, it } from 'vitest';

import {
	readTemplate as read,
	templateNode as node,
	templateSettings as settingsOf,
	type TemplateFile as Workflow,
} from '../helpers/templates.mts';

const TRIGGER = 'Every Hour: Reconcile Store Orders';
const LANE = 'Reconcile store orders';

const next = (workflow: Workflow, name: string, output = 0) =>
	(workflow.connections[name]?.main[output] ?? []).map((connection) => connection.node);
/** The Route by Trigger output of a lane (its rules are named by `outputKey`). */
const routeOutput = (workflow: Workflow, lane: string) => {
	const rules = (
		node(workflow, 'Route by Trigger').parameters.rules as { values: Array<{ outputKey: string }> }
	).values;
	return rules.findIndex((rule) => rule.outputKey === lane);
};

/** Runs a selection Code node ("... to Reconcile") on store orders, with the template's Settings. */
function select(workflow: Workflow, name: string, orders: unknown[]) {
	const settings = settingsOf(workflow);
	const run = new Function('$input', '$', String(node(workflow, name).parameters.jsCode)) as (
		input: { all: () => Array<{ json: unknown }> },
		$: (name: string) => { first: () => { json: unknown } },
	) => Array<{ json: { id: number }; pairedItem: { item: number } }>;
	return run({ all: () => orders.map((json) => ({ json })) }, () => ({
		first: () => ({ json: settings }),
	}));
}

const WOO = [
	['bol-woocommerce-lifecycle.json', 'bol', 'Bol', 'Bol.com'],
	['amazon-woocommerce-lifecycle.json', 'amazon', 'Amazon', 'Amazon'],
	['zalando-woocommerce-lifecycle.json', 'zalando', 'Zalando', 'Zalando'],
	['miinto-woocommerce-lifecycle.json', 'miinto', 'Miinto', 'Miinto'],
] as const;
const SHOPIFY = [
	['bol-shopify-lifecycle.json', 'bol', 'Bol', 'Bol.com'],
	['amazon-shopify-lifecycle.json', 'amazon', 'Amazon', 'Amazon'],
	['zalando-shopify-lifecycle.json', 'zalando', 'Zalando', 'Zalando'],
	['miinto-shopify-lifecycle.json', 'miinto', 'Miinto', 'Miinto'],
] as const;

describe.each([...WOO, ...SHOPIFY])('%s: store reconciliation', (file, _key, name) => {
	const workflow = read(file);
	const woo = file.includes('woocommerce');
	const prefix = woo ? 'Woo' : 'Shopify';
	const list = `${prefix}: Orders Changed`;
	const targets = woo
		? {
				[`${prefix}: Shipments to Reconcile`]: `Completed ${name} Orders`,
				[`${prefix}: Cancellations to Reconcile`]: `Cancelled ${name} Orders`,
				[`${prefix}: Refunds to Reconcile`]: `${name} Orders with New Refunds`,
			}
		: {
				[`${prefix}: Fulfillments to Reconcile`]: 'Successful Fulfillments',
				[`${prefix}: Cancellations to Reconcile`]: `Cancelled ${name} Orders`,
				[`${prefix}: Refunds to Reconcile`]: 'Refunds Made in the Shop',
			};

	it('an hourly schedule starts the lane, with its settings in Settings and explained in the notes', () => {
		expect(node(workflow, TRIGGER).type).toBe('n8n-nodes-base.scheduleTrigger');
		expect(next(workflow, TRIGGER)).toEqual(['Settings']);
		expect(next(workflow, 'Route by Trigger', routeOutput(workflow, LANE))).toEqual([list]);
		const settings = settingsOf(workflow);
		expect(settings.storeReconcileHours).toBe(24);
		expect(settings.storeReconcileMinAgeMinutes).toBe(15);
		const notes = workflow.nodes
			.filter((candidate) => candidate.type === 'n8n-nodes-base.stickyNote')
			.map((candidate) => String(candidate.parameters.content));
		expect(
			notes.some(
				(note) => note.includes('## Settings') && note.includes('**storeReconcileHours**'),
			),
		).toBe(true);
		expect(notes.some((note) => note.startsWith('## Store reconciliation'))).toBe(true);
	});

	it('reads every order changed in the window, and a list cut off at its cap fails the run', () => {
		const query = JSON.stringify(node(workflow, list).parameters.queryParameters);
		expect(query).toContain(woo ? 'modified_after' : 'updated_at_min');
		expect(query).toContain('storeReconcileHours');
		// the list's length is judged once per run ("Count Store Changes"), the If reads the mark
		const count = JSON.stringify(node(workflow, 'Count Store Changes').parameters);
		expect(count).toContain(`$('${list}').all().length < ${woo ? 5000 : 50}`);
		expect(next(workflow, 'Count Store Changes', 0)).toEqual(['Store Changes Complete?']);
		const complete = JSON.stringify(node(workflow, 'Store Changes Complete?').parameters);
		expect(complete).toContain('$json.storeListComplete');
		expect(next(workflow, 'Store Changes Complete?', 1)).toEqual(['Store Change List Cut Off']);
		expect(node(workflow, 'Store Change List Cut Off').type).toBe('n8n-nodes-base.stopAndError');
		const age = JSON.stringify(node(workflow, 'Older Than the Webhook Lag').parameters);
		expect(age).toContain('storeReconcileMinAgeMinutes');
	});

	it('feeds the first node of the lanes the webhooks feed', () => {
		const webhookLanes = woo
			? ['Store order shipped', 'Store order cancelled', 'Store order refunded']
			: ['Fulfilment created', 'Order cancelled', 'Refund created'];
		const fromWebhooks = webhookLanes.flatMap((lane) =>
			next(workflow, 'Route by Trigger', routeOutput(workflow, lane)),
		);
		for (const [pick, entry] of Object.entries(targets)) {
			expect(next(workflow, 'Older Than the Webhook Lag')).toContain(pick);
			expect(next(workflow, pick)).toEqual([entry]);
			expect(fromWebhooks).toContain(entry);
		}
	});
});

describe.each(WOO)(
	'%s: what the WooCommerce reconciliation sends on',
	(file, key, _name, title) => {
		const workflow = read(file);
		const idKey = String(settingsOf(workflow).orderIdMetaKey);
		let id = 100;
		const order = (
			status: string,
			meta: Record<string, unknown> = {},
			refunds: Array<{ id: number; reason: string }> = [],
		) => ({
			id: ++id,
			status,
			refunds,
			meta_data: Object.entries({ [idKey]: `M${id}`, [`_${key}_fulfilment`]: 'merchant', ...meta })
				.filter(([, value]) => value !== undefined)
				.map(([metaKey, value], index) => ({ id: index + 1, key: metaKey, value })),
		});
		const tracking = { _wc_shipment_tracking_items: [{ tracking_number: '3S1' }] };

		it('shipments: completed merchant orders not shipped yet; one notified about missing tracking once it has a code', () => {
			const toShip = order('completed');
			const withCode = order('completed', {
				[`_${key}_tracking_missing_notified`]: 'x',
				...tracking,
			});
			const orders = [
				toShip,
				order('completed', { [`_${key}_shipment`]: 'TNT 3S1' }),
				order('completed', { [`_${key}_tracking_missing_notified`]: 'x' }),
				withCode,
				order('completed', { [`_${key}_fulfilment`]: 'marketplace' }),
				order('completed', { [idKey]: undefined }),
				order('processing'),
			];
			const out = select(workflow, 'Woo: Shipments to Reconcile', orders);
			expect(out.map((item) => item.json.id)).toEqual([toShip.id, withCode.id]);
			expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		});

		it('cancellations: cancelled merchant orders not cancelled at the marketplace yet', () => {
			const toCancel = order('cancelled');
			const orders = [
				toCancel,
				order('cancelled', { [`_${key}_cancelled`]: 'SUCCESS' }),
				order('cancelled', { [`_${key}_fulfilment`]: 'marketplace' }),
				order('cancelled', { [idKey]: undefined }),
				order('completed'),
			];
			expect(
				select(workflow, 'Woo: Cancellations to Reconcile', orders).map((item) => item.json.id),
			).toEqual([toCancel.id]);
		});

		it('refunds: orders with a refund not forwarded, not one made for a marketplace return', () => {
			const fresh = order('refunded', {}, [{ id: 7, reason: 'broken' }]);
			const partlyForwarded = order('processing', { [`_${key}_refunds_forwarded`]: '8' }, [
				{ id: 8, reason: '' },
				{ id: 9, reason: '' },
			]);
			const orders = [
				fresh,
				partlyForwarded,
				order('refunded', { [`_${key}_refunds_forwarded`]: '10,11' }, [
					{ id: 10, reason: '' },
					{ id: 11, reason: '' },
				]),
				order('completed', {}, [{ id: 12, reason: `${title} return RMA1` }]),
				order('completed', { [idKey]: undefined }, [{ id: 13, reason: '' }]),
				order('completed'),
			];
			expect(
				select(workflow, 'Woo: Refunds to Reconcile', orders).map((item) => item.json.id),
			).toEqual([fresh.id, partlyForwarded.id]);
		});

		it('an empty list (one empty item) sends nothing on', () => {
			expect(select(workflow, 'Woo: Shipments to Reconcile', [{}])).toEqual([]);
		});
	},
);

describe.each(SHOPIFY)(
	'%s: what the Shopify reconciliation sends on',
	(file, key, _name, title) => {
		const workflow = read(file);
		let id = 500;
		const order = (
			fields: Record<string, unknown> = {},
			attributes: Record<string, string | undefined> = {},
		) => ({
			id: ++id,
			cancelled_at: null,
			fulfillments: [],
			refunds: [],
			...fields,
			note_attributes: Object.entries({
				[`${key}_order_id`]: `M${id}`,
				[`${key}_fulfilment`]: 'merchant',
				...attributes,
			})
				.filter(([, value]) => value !== undefined)
				.map(([name, value]) => ({ name, value })),
		});
		const fulfilment = (
			fulfilmentId: number,
			status = 'success',
			number: string | null = '3S1',
		) => ({
			id: fulfilmentId,
			order_id: 0,
			status,
			tracking_number: number,
			tracking_numbers: number ? [number] : [],
		});
		const refund = (refundId: number, note = '', lines = 1) => ({
			id: refundId,
			order_id: 0,
			note,
			refund_line_items: Array.from({ length: lines }, () => ({ quantity: 1, line_item: {} })),
		});

		it('fulfilments: successful ones of merchant orders not shipped yet; one notified about missing tracking once it has a number', () => {
			const orders = [
				order(
					{ fulfillments: [fulfilment(1), fulfilment(2), fulfilment(3, 'cancelled')] },
					{
						[`${key}_shipped_1`]: 'x',
					},
				),
				order(
					{ fulfillments: [fulfilment(4, 'success', null), fulfilment(5, 'success', null)] },
					{
						[`${key}_tracking_missing_4`]: 'x',
					},
				),
				order({ fulfillments: [fulfilment(6)] }, { [`${key}_tracking_missing_6`]: 'x' }),
				order({ fulfillments: [fulfilment(7)] }, { [`${key}_fulfilment`]: 'marketplace' }),
				order({ fulfillments: [fulfilment(8)] }, { [`${key}_order_id`]: undefined }),
			];
			const out = select(workflow, 'Shopify: Fulfillments to Reconcile', orders);
			expect(out.map((item) => item.json.id)).toEqual([2, 5, 6]);
			expect(out.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		});

		it('cancellations: cancelled merchant orders not cancelled at the marketplace yet', () => {
			const toCancel = order({ cancelled_at: '2026-01-01T00:00:00Z' });
			const orders = [
				toCancel,
				order({ cancelled_at: '2026-01-01T00:00:00Z' }, { [`${key}_cancelled`]: 'SUCCESS' }),
				order({ cancelled_at: '2026-01-01T00:00:00Z' }, { [`${key}_fulfilment`]: 'marketplace' }),
				order(),
			];
			expect(
				select(workflow, 'Shopify: Cancellations to Reconcile', orders).map((item) => item.json.id),
			).toEqual([toCancel.id]);
		});

		it('refunds: refunds with product lines not forwarded, not one made for a marketplace return', () => {
			const orders = [
				order(
					{ refunds: [refund(21), refund(22), refund(23, `${title} return RMA1`)] },
					{
						[`${key}_refund_forwarded_21`]: 'x',
					},
				),
				// a shipping-only refund has nothing to send
				order({ refunds: [refund(24, '', 0)] }),
				// any fulfilment: refunds of marketplace-fulfilled orders go to the refund lane as their webhook does
				order({ refunds: [refund(25)] }, { [`${key}_fulfilment`]: 'marketplace' }),
				order({ refunds: [refund(26)] }, { [`${key}_order_id`]: undefined }),
			];
			expect(
				select(workflow, 'Shopify: Refunds to Reconcile', orders).map((item) => item.json.id),
			).toEqual([22, 25]);
		});

		it('an empty page (one empty item) sends nothing on', () => {
			expect(select(workflow, 'Shopify: Refunds to Reconcile', [{}])).toEqual([]);
		});
	},
);
