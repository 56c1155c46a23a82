import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorMessage } from '../../../shared/errors';
import { asNodeError, runPerItem } from '../../../shared/execute';
import { TestModeHalt } from '../../../shared/testMode';
import type { InputValidator } from '../../../shared/validation';
import {
	DEFAULT_ACCEPTANCE,
	LINE_KEYS,
	autoAcceptProperties,
	decideAcceptance,
	readAutoAccept,
	type AcceptanceSettings,
	type OrderAcceptance,
	type StoreData,
} from '../../../MarketplaceOrderSync/rules/acceptance';
import { transferToMarketplaceOrder } from '../../mapping';
import { NUMERIC_ID } from '../../constants';
import type { MiintoClient, MiintoTransfer } from '../../transport';
import { decidedPositionIds } from '../../unverified';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	orderMappingOptions,
	readNumericId,
	readShopId,
	shopIdProperty,
	show,
	transferIdProperty,
	validator,
} from '../common';

const display = show('transfer', 'decide');
const listed = { show: { ...display.show, decision: ['listed'] } };
const fromAcceptance = { show: { ...display.show, decision: ['fromAcceptance'] } };
const notAll = { show: { ...display.show, decision: ['listed', 'fromAcceptance', 'autoAccept'] } };
const auto = { show: { ...display.show, decision: ['autoAccept'] } };

const autoAccept = autoAcceptProperties({
	displayOptions: auto,
	unit: 'position',
	price: 'its Miinto unit price',
	example:
		'{"SKU-1": {"stock": 4, "finalPrice": 19.99, "originalPrice": 24.99, "exportedPrice": 19.99}}',
	matchBy: {
		displayName: 'Match Positions By',
		description:
			'Which field of a normalized position is the product key in Store Products (sku follows Product Identification: GTIN by default)',
		options: [
			{ name: 'SKU', value: 'sku' },
			{ name: 'EAN / GTIN', value: 'ean' },
			{ name: 'Miinto Item ID', value: 'offerId' },
			{ name: 'Your Product ID', value: 'merchantReference' },
		],
	},
	priceAttributeWhen: 'when Store Products has no exported price',
});

export const DECISIONS = [
	'listed',
	'fromAcceptance',
	'autoAccept',
	'acceptAll',
	'declineAll',
] as const;
const LINE_DECISIONS = ['accept', 'decline', 'ignored'] as const;
export const REMAINING = ['leave', 'accept', 'decline'] as const;
type Decision = 'accepted' | 'declined';

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...transferIdProperty, displayOptions: display },
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		default: 'listed',
		displayOptions: display,
		options: [
			{
				name: 'Accept Every Pending Position',
				value: 'acceptAll',
				description: 'All of them become one Miinto order',
			},
			{
				name: 'Auto-Accept (Stock and Price Threshold)',
				value: 'autoAccept',
				description:
					'Koongo "Accept Orders Automatically": a position is accepted when the store has it in stock and its Miinto price is at least threshold x the store price (the last exported price when Store Products has one), declined otherwise',
			},
			{
				name: 'Decline Every Pending Position',
				value: 'declineAll',
				description: 'Miinto can then offer the transfer to another shop',
			},
			{
				name: 'From Decide Acceptance (Rules Node)',
				value: 'fromAcceptance',
				description:
					"Each position as the Marketplace Order Sync node's Decide Acceptance decided its line: accepted, declined, or (ignored) left pending",
			},
			{
				name: 'Listed Positions',
				value: 'listed',
				description: 'Accept and decline the positions listed below',
			},
		],
	},
	{
		displayName: 'Position IDs to Accept',
		name: 'acceptPositionIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1201,1202',
		displayOptions: listed,
		description:
			'Comma-separated position IDs (`lines[].lineId` of the normalized transfer), or an array from an expression',
	},
	{
		displayName: 'Position IDs to Decline',
		name: 'declinePositionIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1203',
		displayOptions: listed,
		description: 'Comma-separated position IDs, or an array from an expression',
	},
	{
		displayName: 'Acceptance',
		name: 'acceptance',
		type: 'json',
		default: '={{ $json.acceptance }}',
		displayOptions: fromAcceptance,
		description:
			'The `acceptance` of a Decide Acceptance output item (`lines[].lineId` = position ID, `lines[].decision` = accept, decline or ignored). Set Transfer ID to the orderId of the same item (an expression).',
	},
	autoAccept.storeProducts,
	autoAccept.matchBy,
	autoAccept.priceAttribute,
	autoAccept.threshold,
	{
		displayName: 'Positions Not Listed',
		name: 'remaining',
		type: 'options',
		default: 'leave',
		displayOptions: notAll,
		options: [
			{ name: 'Leave Pending', value: 'leave' },
			{ name: 'Accept', value: 'accept' },
			{ name: 'Decline', value: 'decline' },
		],
		description:
			'What happens to pending positions that neither list names (or that Decide Acceptance ignored or did not see)',
	},
	optionsCollection(
		auto,
		orderMappingOptions.filter((o) =>
			['productIdentification', 'skuPrefixPattern', 'skuSuffixPattern'].includes(o.name),
		),
	),
];

interface Plan {
	decision: (typeof DECISIONS)[number];
	accept: string[];
	decline: string[];
	remaining: (typeof REMAINING)[number];
	/** Auto-accept: the store data and Koongo's threshold settings, decided once the transfer is read. */
	auto?: { store: StoreData; settings: AcceptanceSettings };
}

function idList(v: InputValidator, label: string, name: string, value: unknown): string[] {
	const empty =
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0);
	if (empty) return [];
	return v.idList({ label, name }, value, {
		pattern: NUMERIC_ID,
		patternHint: 'whole-number position IDs',
	});
}

const LABELS: Record<string, string> = {
	acceptPositionIds: 'Position IDs to Accept',
	declinePositionIds: 'Position IDs to Decline',
	acceptance: 'Acceptance',
	storeProducts: 'Store Products',
	decision: 'Decision',
};

/** The per-line decisions of a Decide Acceptance result: positions to accept and to decline. */
function readAcceptance(
	v: InputValidator,
	value: unknown,
): { accept: string[]; decline: string[] } {
	const field = { label: 'Acceptance', name: 'acceptance' };
	const allowed =
		'the `acceptance` of a Decide Acceptance output item: {"lines": [{"lineId": "<position ID>", "decision": "accept" | "decline" | "ignored"}]}';
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			v.fail(field, value, allowed);
		}
	}
	const lines = (parsed as { lines?: unknown } | null)?.lines;
	if (!Array.isArray(lines)) v.fail(field, value, allowed);
	const accept: string[] = [];
	const decline: string[] = [];
	(lines as unknown[]).forEach((line, n) => {
		const record = (line ?? {}) as IDataObject;
		const at = (name: string) => ({
			label: `Acceptance line ${n + 1}`,
			name: `acceptance.lines[${n}].${name}`,
		});
		const id = typeof record.lineId === 'number' ? String(record.lineId) : record.lineId;
		if (typeof id !== 'string' || !NUMERIC_ID.test(id.trim()))
			v.fail(at('lineId'), record.lineId, 'a whole-number position ID');
		const decision = v.oneOf(at('decision'), record.decision, LINE_DECISIONS);
		if (decision === 'accept') accept.push(id.trim());
		if (decision === 'decline') decline.push(id.trim());
	});
	return { accept, decline };
}

/** Every parameter checked before any request. */
function readPlan(ctx: IExecuteFunctions, i: number): Plan {
	const v = validator(ctx, i);
	const decision = v.oneOf(
		{ label: 'Decision', name: 'decision' },
		ctx.getNodeParameter('decision', i),
		DECISIONS,
	);
	if (decision === 'acceptAll' || decision === 'declineAll')
		return { decision, accept: [], decline: [], remaining: 'leave' };
	if (decision === 'autoAccept') {
		const matchBy = v.oneOf(
			{ label: 'Match Positions By', name: 'matchBy' },
			ctx.getNodeParameter('matchBy', i, 'sku'),
			LINE_KEYS,
		);
		const auto = readAutoAccept((name, fallback) => ctx.getNodeParameter(name, i, fallback), v, {
			matchBy,
			example: '{"SKU-1": {"stock": 4, "finalPrice": 19.99}}',
			defaultThreshold: DEFAULT_ACCEPTANCE.threshold,
			// Koongo (Miinto): "applied to the most recent exported price ..., or to the reference price attribute"
			preferExportedPrice: true,
		});
		const remaining = v.oneOf(
			{ label: 'Positions Not Listed', name: 'remaining' },
			ctx.getNodeParameter('remaining', i, 'leave'),
			REMAINING,
		);
		return {
			decision,
			accept: [],
			decline: [],
			remaining,
			auto,
		};
	}
	const fromRules = decision === 'fromAcceptance';
	const { accept, decline } = fromRules
		? readAcceptance(v, ctx.getNodeParameter('acceptance', i, undefined))
		: {
				accept: idList(
					v,
					'Position IDs to Accept',
					'acceptPositionIds',
					ctx.getNodeParameter('acceptPositionIds', i, ''),
				),
				decline: idList(
					v,
					'Position IDs to Decline',
					'declinePositionIds',
					ctx.getNodeParameter('declinePositionIds', i, ''),
				),
			};
	const remaining = v.oneOf(
		{ label: 'Positions Not Listed', name: 'remaining' },
		ctx.getNodeParameter('remaining', i, 'leave'),
		REMAINING,
	);
	const both = accept.filter((id) => decline.includes(id));
	if (both.length > 0) {
		v.fail(
			fromRules
				? { label: 'Acceptance', name: 'acceptance' }
				: { label: 'Position IDs to Decline', name: 'declinePositionIds' },
			both.join(','),
			'position IDs that are not also listed to accept',
		);
	}
	if (accept.length === 0 && decline.length === 0 && remaining === 'leave') {
		v.fail(
			fromRules
				? { label: 'Acceptance', name: 'acceptance' }
				: { label: 'Position IDs to Accept', name: 'acceptPositionIds' },
			'',
			`at least one position ID to accept or decline${fromRules ? ' (every line was ignored)' : ''} (or "Positions Not Listed" set to Accept or Decline)`,
		);
	}
	return { decision, accept, decline, remaining };
}

interface PositionResult extends IDataObject {
	positionId: string;
	decision: Decision;
	result: 'applied' | 'alreadyDecided' | 'failed';
}

/** What to send, and what was decided before, from the transfer as Miinto has it now. */
function resolve(
	v: InputValidator,
	plan: Plan,
	transfer: MiintoTransfer,
	transferId: string,
): { send: Map<string, Decision>; already: Map<string, Decision>; leftPending: string[] } {
	const pending = (transfer.pendingPositions ?? []).map((p) => String(p.id));
	const decided = {
		accepted: decidedPositionIds(transfer, 'accepted'),
		declined: decidedPositionIds(transfer, 'declined'),
	};
	const send = new Map<string, Decision>();
	const already = new Map<string, Decision>();
	const wanted: Array<[string, Decision, string]> =
		plan.decision === 'acceptAll'
			? pending.map((id) => [id, 'accepted', 'decision'])
			: plan.decision === 'declineAll'
				? pending.map((id) => [id, 'declined', 'decision'])
				: [
						...plan.accept.map((id): [string, Decision, string] => [
							id,
							'accepted',
							plan.decision === 'fromAcceptance'
								? 'acceptance'
								: plan.decision === 'autoAccept'
									? 'storeProducts'
									: 'acceptPositionIds',
						]),
						...plan.decline.map((id): [string, Decision, string] => [
							id,
							'declined',
							plan.decision === 'fromAcceptance'
								? 'acceptance'
								: plan.decision === 'autoAccept'
									? 'storeProducts'
									: 'declinePositionIds',
						]),
					];
	for (const [id, decision, name] of wanted) {
		if (pending.includes(id)) {
			send.set(id, decision);
			continue;
		}
		if (decided[decision].includes(id)) {
			already.set(id, decision);
			continue;
		}
		const other: Decision = decision === 'accepted' ? 'declined' : 'accepted';
		const label = LABELS[name] ?? name;
		v.fail(
			{ label, name },
			id,
			decided[other].includes(id)
				? `a pending position: position ${id} of transfer ${transferId} was already ${other} at Miinto, which cannot be changed (pending: ${pending.join(', ') || 'none'})`
				: `a pending position of transfer ${transferId}: ${pending.join(', ') || 'none is pending'}`,
		);
	}
	if (plan.remaining !== 'leave') {
		for (const id of pending)
			if (!send.has(id)) send.set(id, plan.remaining === 'accept' ? 'accepted' : 'declined');
	}
	const leftPending = pending.filter((id) => !send.has(id));
	return { send, already, leftPending };
}

function idsOf(map: Map<string, Decision>, decision: Decision): string[] {
	return [...map].filter(([, d]) => d === decision).map(([id]) => id);
}

/**
 * After a failed accept/decline call: which of the positions sent does Miinto now show as decided as asked? Undefined
 * when the transfer cannot be read either.
 */
async function appliedAfterFailure(
	client: MiintoClient,
	shopId: string,
	transferId: string,
	send: Map<string, Decision>,
	i: number,
): Promise<Set<string> | undefined> {
	try {
		const now = await client.getTransfer(shopId, transferId, i);
		const decided = {
			accepted: decidedPositionIds(now, 'accepted'),
			declined: decidedPositionIds(now, 'declined'),
		};
		return new Set([...send].filter(([id, d]) => decided[d].includes(id)).map(([id]) => id));
	} catch {
		return undefined;
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const shopId = readShopId(this, i);
		const transferId = readNumericId(this, i, { label: 'Transfer ID', name: 'transferId' });
		const plan = readPlan(this, i);
		const v = validator(this, i);

		const transfer = await client.getTransfer(shopId, transferId, i);
		let acceptance: OrderAcceptance | undefined;
		if (plan.auto) {
			const normalized = transferToMarketplaceOrder(transfer, shopId, mappingSettings(this, i));
			acceptance = decideAcceptance(normalized, plan.auto.store, plan.auto.settings);
			for (const line of acceptance.lines) {
				if (line.decision === 'accept') plan.accept.push(line.lineId);
				if (line.decision === 'decline') plan.decline.push(line.lineId);
			}
		}
		const { send, already, leftPending } = resolve(v, plan, transfer, transferId);
		const accepted = idsOf(send, 'accepted');
		const declined = idsOf(send, 'declined');
		const result = (
			positions: PositionResult[],
			newOrderId: string | null,
			extra: IDataObject = {},
		): IDataObject => ({
			transferId,
			shopId,
			newOrderId,
			accepted,
			declined,
			alreadyDecided: [...already.keys()],
			leftPending,
			positions,
			...(acceptance ? { acceptance: acceptance as unknown as IDataObject } : {}),
			...extra,
		});
		const alreadyResults: PositionResult[] = [...already].map(([positionId, decision]) => ({
			positionId,
			decision,
			result: 'alreadyDecided',
		}));
		if (send.size === 0) {
			return result(alreadyResults, null, {
				note: 'Nothing sent: every position named was decided at Miinto before.',
			});
		}

		const numbers = (ids: string[]) => ids.map((id) => Number(id));
		const outcome = await client
			.decideTransfer(shopId, transferId, numbers(accepted), numbers(declined), i)
			.then(
				(answer) => ({ answer, failure: undefined }),
				(failure: unknown) => ({ answer: undefined, failure }),
			);
		if (outcome.answer) {
			const applied: PositionResult[] = [...send].map(([positionId, decision]) => ({
				positionId,
				decision,
				result: 'applied',
			}));
			return result([...applied, ...alreadyResults], outcome.answer.newOrderId);
		}
		const error = outcome.failure;
		// test mode: nothing was sent, the item says what would have been
		if (error instanceof TestModeHalt) throw error;
		// the call failed, or its answer was lost: what does the transfer say now?
		const applied = await appliedAfterFailure(client, shopId, transferId, send, i);
		if (applied === undefined || applied.size === 0) throw asNodeError(this, error, i);
		const positions: PositionResult[] = [...send].map(([positionId, decision]) => ({
			positionId,
			decision,
			result: applied.has(positionId) ? 'applied' : 'failed',
		}));
		if (applied.size === send.size) {
			// everything is decided as asked (an earlier attempt went through): the order id was in the lost answer
			return result([...positions, ...alreadyResults], null, {
				note: `Miinto's answer was an error (${errorMessage(error)}), but the transfer shows every position decided as asked. The new order's ID was not returned: find it with Order > Get Many.`,
			});
		}
		const describe = (list: PositionResult[]) =>
			list.map((p) => `${p.positionId} (${p.decision})`).join(', ');
		const done = positions.filter((p) => p.result === 'applied');
		const failed = positions.filter((p) => p.result === 'failed');
		throw new NodeOperationError(
			this.getNode(),
			`Transfer ${transferId}: ${done.length} of ${positions.length} position(s) were decided at Miinto, ${failed.length} failed: ${errorMessage(error)}`,
			{
				itemIndex: i,
				description: `Applied at Miinto: ${describe(done)}. Failed (still pending): ${describe(failed)}. Run again with the failed position IDs listed; positions already decided are reported, not sent again.`,
			},
		);
	});
}
