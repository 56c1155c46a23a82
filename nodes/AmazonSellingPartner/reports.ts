import { cropSku, type MarketplaceReturn, type MarketplaceReturnLine } from '../shared/model';
import { redact } from '../shared/redact';
import { RETURNS_REPORT } from './constants';

/**
 * What the API can and cannot do about returns, put on every return the node outputs. Amazon manages the returns of
 * seller-fulfilled orders itself (Returns Center: the buyer requests, Amazon or the seller's return settings
 * authorize, Amazon provides labels); the SP-API has no call to accept, reject or handle a return.
 */
export const AMAZON_RETURNS_NOTE =
	"Read from Amazon's returns report: Amazon manages returns of seller-fulfilled orders in its Returns Center and the Selling Partner API has no call to authorize, reject or handle a return. Refund the buyer with Refund > Create (payment adjustment feed) once the item is back.";

/** Rows of a tab-delimited flat-file report, keyed by the header line. */
export function parseFlatFile(text: string): Array<Record<string, string>> {
	const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
	if (lines.length === 0) return [];
	const header = lines[0].split('\t').map((h) => h.trim());
	return lines.slice(1).map((line) => {
		const cells = line.split('\t');
		return Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()]));
	});
}

/** Header names are matched without regard to case (Amazon's own documents differ: "A-to-z" / "A-to-Z"). */
function cell(row: Record<string, string>, column: string): string | null {
	const key = Object.keys(row).find((k) => k.toLowerCase() === column.toLowerCase());
	const value = key === undefined ? undefined : row[key];
	return value === undefined || value === '' ? null : value;
}

function number(value: string | null): number | null {
	if (value === null) return null;
	const parsed = Number(value.replace(',', '.'));
	return Number.isFinite(parsed) ? parsed : null;
}

/** Report dates come as ISO 8601 or "2026-11-20 10:00:00 UTC"-like text: normalized to ISO when readable. */
function isoDate(value: string | null): string | null {
	if (value === null) return null;
	const time = Date.parse(value.replace(/ UTC$/, 'Z').replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'));
	return Number.isNaN(time) ? value : new Date(time).toISOString();
}

const HANDLED = /closed|completed|refunded|rejected/i;

export interface ReturnMappingSettings {
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	includeRaw: boolean;
}

/** Report rows -> one normalized return per Amazon RMA ID (a return with several products has several rows). */
export function toMarketplaceReturns(
	rows: Array<Record<string, string>>,
	settings: ReturnMappingSettings,
): MarketplaceReturn[] {
	const c = RETURNS_REPORT.columns;
	const groups = new Map<string, Array<Record<string, string>>>();
	for (const row of rows) {
		const rma =
			cell(row, c.rmaId) ??
			`${cell(row, c.orderId) ?? 'unknown'}:${cell(row, c.requestDate) ?? ''}`;
		groups.set(rma, [...(groups.get(rma) ?? []), row]);
	}
	return [...groups.entries()].map(([rmaId, group]) => {
		const lines: MarketplaceReturnLine[] = group.map((row, n) => {
			const status = cell(row, c.requestStatus);
			const resolution = cell(row, c.resolution);
			const refundedAmount = number(cell(row, c.refundedAmount));
			const handled = (refundedAmount ?? 0) > 0 || HANDLED.test(status ?? '');
			return {
				lineId: group.length > 1 ? `${rmaId}-${n + 1}` : rmaId,
				orderId: cell(row, c.orderId),
				orderLineId: null,
				sku: cropSku(cell(row, c.sku), settings.skuPrefixPattern, settings.skuSuffixPattern),
				ean: null,
				title: cell(row, c.title),
				quantity: Math.round(number(cell(row, c.quantity)) ?? 0),
				reason: cell(row, c.reason),
				reasonDetail: cell(row, c.returnType),
				customerComment: null,
				handled,
				handlingResult: resolution,
				processingResult: status,
				quantityProcessed: handled ? Math.round(number(cell(row, c.quantity)) ?? 0) : 0,
				refunded: (refundedAmount ?? 0) > 0 ? true : handled ? false : null,
				trackAndTrace: cell(row, c.trackingId),
				carrier: cell(row, c.carrier),
			};
		});
		const first = group[0];
		const result: MarketplaceReturn = {
			marketplace: 'amazon',
			returnId: rmaId,
			orderIds: [
				...new Set(
					group.map((row) => cell(row, c.orderId)).filter((id): id is string => id !== null),
				),
			],
			registeredAt: isoDate(cell(first, c.requestDate)),
			fulfilment: 'merchant',
			status: lines.every((l) => l.handled) ? 'handled' : 'open',
			customer: null,
			lines,
			extra: {
				merchantRmaId: cell(first, c.merchantRmaId),
				orderDate: isoDate(cell(first, c.orderDate)),
				returnDeliveryDate: isoDate(cell(first, c.deliveryDate)),
				labelType: cell(first, c.labelType),
				labelCost: number(cell(first, c.labelCost)),
				currency: cell(first, c.currency),
				inPolicy: cell(first, c.inPolicy),
				refundedAmount: group.reduce(
					(sum, row) => sum + (number(cell(row, c.refundedAmount)) ?? 0),
					0,
				),
				asins: group.map((row) => cell(row, c.asin)).filter(Boolean),
				merchantSkus: group.map((row) => cell(row, c.sku)).filter(Boolean),
				note: AMAZON_RETURNS_NOTE,
			},
		};
		if (settings.includeRaw) result.raw = redact(group);
		return result;
	});
}
