import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import type { RouteDefinition } from '../core/router.mts';
import { isValidEan13 } from '../seed/catalog.mts';
import { asInput } from '../seed/input.mts';
import { merchantOf, type OrdersContext } from './orders.mts';
import { ZALANDO_SALES_CHANNELS } from './seed.mts';
import { ZalandoRuleError, type StockResult } from './store.mts';

/**
 * `POST /merchants/{mid}/stocks` (doc §1.11): 1..1000 updates, each sales channel + EAN once, answered 207 with one
 * result per item in request order. Unknown EANs and channels are REJECTED (code 101); accepted quantities are kept
 * (`GET /__admin/state` -> `state.stocks`).
 */

type Entry = { sales_channel_id: string; ean: string; quantity: number };

/** Stock updates in a request body: what the `stocks-items` rate limit counts. */
export function stockItemCount(req: EmulatorRequest): number {
	const items = asInput(req.body).items;
	return Array.isArray(items) ? items.length : 0;
}

function postStocks(req: EmulatorRequest, ctx: OrdersContext): EmulatorResponse {
	merchantOf(req);
	const raw = asInput(req.body).items;
	const items = (Array.isArray(raw) ? raw : []) as Entry[];
	if (items.length < 1 || items.length > 1000)
		throw new ZalandoRuleError(
			400,
			'Bad Request',
			`items must hold 1 to 1000 stock updates; got ${items.length}.`,
			'/items',
		);
	const seen = new Map<string, number>();
	items.forEach((item, index) => {
		const key = `${item.sales_channel_id}|${item.ean}`;
		const earlier = seen.get(key);
		if (earlier !== undefined)
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				`items[${index}] repeats sales_channel_id ${item.sales_channel_id} and ean ${item.ean} of items[${earlier}]: each combination may appear once per request.`,
				`/items/${index}`,
			);
		seen.set(key, index);
	});
	const channels = ZALANDO_SALES_CHANNELS.map((c) => c.salesChannelId);
	const now = ctx.now();
	ctx.store.counters.stockRequests++;
	ctx.store.counters.stockItems += items.length;
	const results = items.map((item) => {
		const result: StockResult = isValidEan13(item.ean)
			? ctx.store.updateStock(channels, item, now)
			: { status: 'REJECTED', code: 101, description: `EAN ${item.ean} is not a valid GTIN-13.` };
		return { item, result };
	});
	return jsonResponse(207, { results });
}

export function stockRoutes(ctx: OrdersContext): RouteDefinition[] {
	return [
		{ method: 'POST', path: '/merchants/:mid/stocks', handler: (req) => postStocks(req, ctx) },
	];
}
