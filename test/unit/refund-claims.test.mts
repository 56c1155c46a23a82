/**
 * The refund claim of every lifecycle template (workflows-templates/src/lifecycle.mts `claimRefund`), run as n8n runs
 * its Code nodes: "Refund Claim Check" (phase 1, the order as the store has it now) and "First Claim Wins" (phase 2,
 * the order read again after the claim), over store orders as WooCommerce, Shopify and Magento 2 return them.
 */
import { TEMPLATES } from '../../workflows-templates/src/templates.mts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { templateFiles } from '../../scripts/validate-templates.mts';

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

const NOW = Date.parse('2026-12-04T10:00:00.000Z');
const NOW_ISO = new Date(NOW).toISOString();
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const REFUND = 41;

type Claim = { execution: string; at: string };
type Store = 'woocommerce' | 'shopify' | 'magento2';

/** A store order (as the store's "Order Before/After Claim" read returns it) with these claims and markers. */
function storeOrder(
	store: Store,
	key: string,
	claims: Claim[],
	marks: { forwarded?: boolean; notified?: boolean } = {},
): Record<string, unknown> {
	if (store === 'woocommerce')
		return {
			id: 7,
			meta_data: [
				{ id: 3, key: '_other', value: 'x' },
				...claims.map((claim, index) => ({
					id: 10 + index,
					key: `_${key}_refund_claim_${REFUND}_${claim.execution}`,
					value: claim.at,
				})),
				...(marks.forwarded
					? [{ id: 90, key: `_${key}_refunds_forwarded`, value: `12,${REFUND}` }]
					: []),
				...(marks.notified ? [{ id: 91, key: `_${key}_refund_stuck_${REFUND}`, value: 'x' }] : []),
			],
		};
	if (store === 'shopify') {
		// order metafields in the claim namespace, listed as Shopify lists them (by id)
		let id = 5_000;
		const field = (name: string, value: string) => ({
			id: id++,
			namespace: 'marketplace_sync',
			key: name,
			value,
			created_at: NOW_ISO,
		});
		return {
			metafields: [
				...claims.map((claim) =>
					field(`${key}_refund_claim_${REFUND}_${claim.execution}`, claim.at),
				),
				...(marks.forwarded ? [field(`${key}_refund_done_${REFUND}`, '150 x')] : []),
				...(marks.notified ? [field(`${key}_refund_stuck_${REFUND}`, 'x')] : []),
			],
		};
	}
	return {
		body: {
			entity_id: 7,
			status_histories: [
				...(marks.forwarded
					? [{ entity_id: 90, comment: `[${key}-refund-forwarded:${REFUND}]` }]
					: []),
				...(marks.notified
					? [{ entity_id: 91, comment: `[${key}-refund-stuck:${REFUND}] x` }]
					: []),
				// newest first, as Magento lists them: the claim order comes from the comment ids
				...claims
					.map((claim, index) => ({
						entity_id: 10 + index,
						comment: `[${key}-refund-claimed:${REFUND}:${claim.execution}] at ${claim.at}`,
					}))
					.reverse(),
				{ entity_id: 2, comment: 'Order placed' },
			],
		},
	};
}

/** Runs a Code node (mode "Run Once for Each Item") as n8n does, with the given `$json`, `$(...)` and `$execution`. */
function runCode(
	node: TemplateNode,
	json: unknown,
	nodes: Record<string, unknown>,
	execution: { id: string; mode: 'test' | 'production' },
): Record<string, unknown> {
	const $ = (name: string) => {
		if (!(name in nodes))
			throw new Error(`the code reads node "${name}", which the test does not provide`);
		return { item: { json: nodes[name] }, first: () => ({ json: nodes[name] }) };
	};
	const realNow = Date.now;
	Date.now = () => NOW;
	try {
		const run = new Function('$json', '$', '$execution', String(node.parameters.jsCode)) as (
			...args: unknown[]
		) => { json: Record<string, unknown> };
		return run(json, $, execution).json;
	} finally {
		Date.now = realNow;
	}
}

const lifecycles = templateFiles()
	.filter((file) => file.endsWith('-lifecycle.json'))
	.map((file) => {
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as { nodes: TemplateNode[] };
		const name = path.basename(file);
		const store = (['woocommerce', 'shopify', 'magento2'] as const).find((s) => name.includes(s))!;
		// the marketplace's key in claim notes and meta keys: the file name's first part (bol-woocommerce-lifecycle.json)
		const key = name.split('-')[0];
		return { name, store, key, nodes: workflow.nodes };
	});

describe('refund claims in the lifecycle templates', () => {
	it('every lifecycle template claims refunds', () => {
		expect(lifecycles).toHaveLength(
			Object.keys(TEMPLATES).filter((file) => file.endsWith('-lifecycle.json')).length,
		);
		for (const template of lifecycles)
			expect(template.nodes.map((node) => node.name)).toEqual(
				expect.arrayContaining(['Refund Claim Check', 'First Claim Wins']),
			);
	});

	describe.each(lifecycles.map((template) => [template.name, template] as const))(
		'%s',
		(_name, { store, key, nodes }) => {
			const node = (name: string) => nodes.find((candidate) => candidate.name === name)!;
			const check = node('Refund Claim Check');
			const first = node('First Claim Wins');
			// the node the claim check reads the refund from (the step before the claim)
			const from = /\$\('([^']+)'\)\.item\.json/.exec(String(check.parameters.jsCode))![1];
			const refund = { orderId: 'M-1', storeOrderId: 7, refundId: REFUND, items: [{ sku: 'A' }] };
			const phase1 = (
				claims: Claim[],
				marks: { forwarded?: boolean; notified?: boolean } = {},
				testMode = 'manual',
				mode: 'test' | 'production' = 'production',
			) =>
				runCode(
					check,
					storeOrder(store, key, claims, marks),
					{ [from]: refund, Settings: { testMode } },
					{ id: '200', mode },
				).claim as Record<string, unknown>;

			it('a refund nobody claimed is claimed by this execution', () => {
				expect(phase1([])).toMatchObject({ state: 'free', next: 'claim' });
			});

			it('a claim of another execution minutes ago: in progress, skipped', () => {
				expect(phase1([{ execution: '199', at: minutesAgo(2) }])).toMatchObject({
					state: 'inProgress',
					next: 'skip',
					claimedBy: '199',
				});
			});

			it('a claim over an hour old without the forwarded marker: stuck, one email, never sent again', () => {
				expect(phase1([{ execution: '150', at: minutesAgo(90) }])).toMatchObject({
					state: 'stuck',
					next: 'notify',
				});
				expect(
					phase1([{ execution: '150', at: minutesAgo(90) }], { notified: true }),
				).toMatchObject({ state: 'stuck', next: 'skip' });
			});

			it('a refund forwarded already is skipped', () => {
				expect(
					phase1([{ execution: '150', at: minutesAgo(2) }], { forwarded: true }),
				).toMatchObject({ state: 'forwarded', next: 'skip' });
			});

			it('a test run (editor run with testMode manual, or always, or a typo) writes no claim and goes on', () => {
				expect(phase1([], {}, 'manual', 'test')).toMatchObject({ state: 'test', won: true });
				expect(phase1([], {}, 'always')).toMatchObject({ state: 'test', won: true });
				expect(phase1([], {}, 'Manual')).toMatchObject({ state: 'test', won: true });
				expect(phase1([], {}, 'off', 'test')).toMatchObject({ state: 'free', next: 'claim' });
			});

			it('after the claim, only the execution whose claim is the first goes on', () => {
				const claims = [
					{ execution: '200', at: minutesAgo(0) },
					{ execution: '201', at: minutesAgo(0) },
				];
				const checked = { ...refund, claim: { state: 'free', next: 'claim' } };
				const phase2 = (execution: string, order = storeOrder(store, key, claims)) =>
					runCode(
						first,
						order,
						{ 'Refund Claim Check': checked },
						{ id: execution, mode: 'production' },
					).claim as Record<string, unknown>;
				expect(phase2('200')).toMatchObject({ won: true });
				expect(phase2('201')).toMatchObject({ won: false, state: 'lost' });
				expect(phase2('200', storeOrder(store, key, claims, { forwarded: true }))).toMatchObject({
					won: false,
				});
			});
		},
	);
});
