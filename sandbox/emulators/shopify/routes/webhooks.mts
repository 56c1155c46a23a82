import { randomUUID } from 'node:crypto';

import { optionalString, type Body } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import { hmacBase64 } from '../../core/webhooks.mts';
import { SHOPIFY_API_VERSION, TOPICS } from '../constants.mts';
import type { ShopifyContext, ShopifySettings } from '../context.mts';
import { adminRoutes, created, ok, rootKey } from '../http.mts';
import { ShopifyError, ShopifyStore, invalid, type Webhook } from '../store.mts';

/** Delivers Shopify webhooks: `X-Shopify-*` headers, the body signed with the app's API secret. */
export function shopifyEmitter(
	store: ShopifyStore,
	options: { apiSecret: string; shopDomain: string; now: () => number },
): (topic: string, payload: Body) => void {
	const { apiSecret, shopDomain, now } = options;
	return function emit(topic: string, payload: Body): void {
		store.webhooks.emit(topic, payload, (_sub, body) => ({
			'x-shopify-topic': topic,
			'x-shopify-hmac-sha256': hmacBase64(apiSecret, body),
			'x-shopify-shop-domain': shopDomain,
			'x-shopify-api-version': SHOPIFY_API_VERSION,
			'x-shopify-webhook-id': randomUUID(),
			'x-shopify-event-id': randomUUID(),
			'x-shopify-triggered-at': new Date(now()).toISOString(),
		}));
	};
}

function createWebhook(
	store: ShopifyStore,
	settings: ShopifySettings,
	input: Body,
	at: number,
): Webhook {
	const topic = optionalString(input.topic) ?? '';
	if (!TOPICS.includes(topic))
		throw invalid(
			'topic',
			`Invalid topic specified: ${topic}. Topics allowed: ${TOPICS.join(', ')}`,
		);
	const address = optionalString(input.address) ?? '';
	let url: URL | undefined;
	try {
		url = new URL(address);
	} catch {
		url = undefined;
	}
	if (!url) throw invalid('address', 'is invalid');
	if (url.protocol !== 'https:' && !(settings.allowHttpWebhookAddress && url.protocol === 'http:'))
		throw invalid('address', `protocol ${url.protocol}// is not supported`);
	if (
		[...store.webhooks.subscriptions.values()].some(
			(w) => w.topic === topic && w.address === address,
		)
	)
		throw invalid('address', 'for this topic has already been taken');
	const webhook: Webhook = {
		id: store.ids.next('webhook'),
		topic,
		address,
		format: optionalString(input.format) ?? 'json',
		api_version: SHOPIFY_API_VERSION,
		active: true,
		failures: 0,
		created_at: at,
		updated_at: at,
	};
	store.webhooks.subscriptions.set(webhook.id, webhook);
	return webhook;
}

/** Webhook subscriptions. */
export function webhookRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, settings, now } = s;
	const { presentWebhook } = s.present;
	const { routes, route } = adminRoutes();
	route('GET', '/webhooks/count.json', () => ok({ count: store.webhooks.subscriptions.size }));
	route('GET', '/webhooks.json', (req) => {
		const topic = req.query.get('topic');
		const address = req.query.get('address');
		const hooks = [...store.webhooks.subscriptions.values()].filter(
			(w) => (topic === null || w.topic === topic) && (address === null || w.address === address),
		);
		return ok({ webhooks: hooks.map(presentWebhook) });
	});
	route('POST', '/webhooks.json', (req) =>
		created({
			webhook: presentWebhook(createWebhook(store, settings, rootKey(req, 'webhook'), now())),
		}),
	);
	route('GET', '/webhooks/:id.json', (req) => {
		const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
		if (!webhook) throw new ShopifyError(404, 'Not Found');
		return ok({ webhook: presentWebhook(webhook) });
	});
	route('PUT', '/webhooks/:id.json', (req) => {
		const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
		if (!webhook) throw new ShopifyError(404, 'Not Found');
		const body = rootKey(req, 'webhook');
		if (typeof body.address === 'string') webhook.address = body.address;
		webhook.updated_at = now();
		return ok({ webhook: presentWebhook(webhook) });
	});
	route('DELETE', '/webhooks/:id.json', (req) => {
		if (!store.webhooks.subscriptions.delete(Number(req.params.id)))
			throw new ShopifyError(404, 'Not Found');
		return ok({});
	});
	return routes;
}
