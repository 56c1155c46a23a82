import { randomBytes } from 'node:crypto';

import { asBody, optionalString, type Body } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { ServiceContext } from '../../core/service.mts';
import { hmacBase64 } from '../../core/webhooks.mts';
import { TOPICS, USER_AGENT, WEBHOOK_TIMEOUT_MS } from '../constants.mts';
import type { WooContext } from '../context.mts';
import { created, editable, listResponse, ok, requireForce, route, sortBy } from '../http.mts';
import { WooError, WooStore, type WooWebhook } from '../store.mts';

/** Delivers WooCommerce webhooks: `X-WC-Webhook-*` headers, the body signed with the subscription's secret. */
export function wooEmitter(
	store: WooStore,
	ctx: ServiceContext,
): (topic: string, payload: Body) => void {
	return function emit(topic: string, payload: Body): void {
		const [resource, event] = topic.split('.');
		store.webhooks.emit(topic, payload, (sub, body) => ({
			'user-agent': USER_AGENT,
			'x-wc-webhook-source': `${ctx.url()}/`,
			'x-wc-webhook-topic': topic,
			'x-wc-webhook-resource': resource ?? '',
			'x-wc-webhook-event': event ?? '',
			'x-wc-webhook-signature': hmacBase64(sub.secret ?? '', body),
			'x-wc-webhook-id': String(sub.id),
			'x-wc-webhook-delivery-id': String(store.ids.next('delivery')),
		}));
	};
}

function createWebhook(ctx: ServiceContext, store: WooStore, body: Body, at: number): WooWebhook {
	const topic = optionalString(body.topic) ?? '';
	if (!TOPICS.includes(topic) && !topic.startsWith('action.'))
		throw new WooError(400, 'woocommerce_rest_webhook_invalid_topic', 'Webhook topic is invalid.');
	const address = optionalString(body.delivery_url) ?? '';
	if (!/^https?:\/\//.test(address))
		throw new WooError(
			400,
			'woocommerce_rest_webhook_invalid_delivery_url',
			'Webhook delivery URL must be a valid URL starting with http:// or https://.',
		);
	const status = body.status === 'paused' || body.status === 'disabled' ? body.status : 'active';
	const webhook: WooWebhook = {
		id: store.ids.next('webhook'),
		name: optionalString(body.name) ?? `Webhook created on ${new Date(at).toUTCString()}`,
		status,
		topic,
		address,
		secret: optionalString(body.secret) ?? randomBytes(24).toString('base64url'),
		active: status === 'active',
		failures: 0,
		date_created: at,
		date_modified: at,
	};
	store.webhooks.subscriptions.set(webhook.id, webhook);
	if (webhook.active) {
		// WooCommerce pings a new active webhook with a form-encoded webhook_id.
		ctx.webhooks.deliver({
			subscriptionId: String(webhook.id),
			topic: 'ping',
			url: address,
			body: `webhook_id=${webhook.id}`,
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'user-agent': USER_AGENT,
			},
			timeoutMs: WEBHOOK_TIMEOUT_MS,
		});
	}
	return webhook;
}

/** Webhook subscriptions (a new active one is pinged). */
export function webhookRoutes(s: WooContext): RouteDefinition[] {
	const { ctx, store, now } = s;
	const { presentWebhook } = s.present;
	return [
		route('GET', '/webhooks', (req) => {
			const status = req.query.get('status') ?? 'all';
			const hooks = [...store.webhooks.subscriptions.values()].filter(
				(w) => status === 'all' || w.status === status,
			);
			return listResponse(req, sortBy(req, hooks).map(presentWebhook));
		}),
		route('POST', '/webhooks', (req) =>
			created(presentWebhook(createWebhook(ctx, store, asBody(req.body), now()))),
		),
		route('GET', '/webhooks/:id', (req) => {
			const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
			if (!webhook) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
			return ok(presentWebhook(webhook));
		}),
		...editable('/webhooks/:id', (req) => {
			const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
			if (!webhook) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
			const body = asBody(req.body);
			if (typeof body.name === 'string') webhook.name = body.name;
			if (typeof body.delivery_url === 'string') webhook.address = body.delivery_url;
			if (typeof body.secret === 'string') webhook.secret = body.secret;
			if (typeof body.topic === 'string' && TOPICS.includes(body.topic)) webhook.topic = body.topic;
			if (body.status === 'active' || body.status === 'paused' || body.status === 'disabled') {
				webhook.status = body.status;
				webhook.active = body.status === 'active';
				if (webhook.active) webhook.failures = 0;
			}
			webhook.date_modified = now();
			return ok(presentWebhook(webhook));
		}),
		route('DELETE', '/webhooks/:id', (req) => {
			const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
			if (!webhook) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
			requireForce(req, 'The webhook');
			store.webhooks.subscriptions.delete(webhook.id);
			return ok(presentWebhook(webhook));
		}),
	];
}
