import { createHmac } from 'node:crypto';

import type { EmulatedClock } from './clock.mts';

export interface WebhookDelivery {
	id: number;
	subscriptionId: string;
	topic: string;
	url: string;
	/** Emulated time the delivery was attempted (ISO). */
	at: string;
	status: 'pending' | 'delivered' | 'failed' | 'refused';
	responseStatus?: number;
	/** Why it failed: the network error, or the start of the receiver's answer to a refused delivery. */
	error?: string;
	headers: Record<string, string>;
	body: string;
}

/** base64 HMAC-SHA256, as Shopify (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`) sign bodies. */
export function hmacBase64(secret: string, body: string): string {
	return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return (
			(parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
			LOOPBACK_HOSTS.has(parsed.hostname)
		);
	} catch {
		return false;
	}
}

/**
 * Delivers webhooks (POST) to registered URLs. Only loopback URLs are called: anything else is recorded as `refused`,
 * so an emulator can never reach the outside world. Deliveries are asynchronous, like the real platforms'.
 */
export class WebhookDispatcher {
	private deliveries: WebhookDelivery[] = [];
	private inFlight = new Set<Promise<void>>();
	private nextId = 1;

	constructor(
		private readonly clock: EmulatedClock,
		private readonly timeoutMs = 5000,
		private readonly max = 1000,
	) {}

	/** Starts a delivery; `onResult` sees the outcome (for failure counters). Returns the delivery record. */
	deliver(
		input: {
			subscriptionId: string;
			topic: string;
			url: string;
			body: string;
			headers: Record<string, string>;
			/** How long the platform waits for the receiver's answer (real time); the dispatcher's default otherwise. */
			timeoutMs?: number;
		},
		onResult?: (delivery: WebhookDelivery) => void,
	): WebhookDelivery {
		const { timeoutMs = this.timeoutMs, ...fields } = input;
		const delivery: WebhookDelivery = {
			id: this.nextId++,
			...fields,
			at: new Date(this.clock.now()).toISOString(),
			status: 'pending',
		};
		this.deliveries.push(delivery);
		if (this.deliveries.length > this.max)
			this.deliveries.splice(0, this.deliveries.length - this.max);
		if (!isLoopbackUrl(input.url)) {
			delivery.status = 'refused';
			delivery.error = 'the emulator only delivers to loopback URLs (127.0.0.1, localhost, ::1)';
			onResult?.(delivery);
			return delivery;
		}
		const task = fetch(input.url, {
			method: 'POST',
			headers: input.headers,
			body: input.body,
			signal: AbortSignal.timeout(timeoutMs),
		})
			.then(async (response) => {
				const text = await response.text();
				delivery.responseStatus = response.status;
				delivery.status = response.ok ? 'delivered' : 'failed';
				// what the receiver said when it refused (n8n: "Database is not ready!", a workflow error): shown by the tests
				if (!response.ok && text !== '') delivery.error = text.slice(0, 200);
			})
			.catch((error: unknown) => {
				delivery.status = 'failed';
				delivery.error = error instanceof Error ? error.message : String(error);
			})
			.finally(() => {
				this.inFlight.delete(task);
				onResult?.(delivery);
			});
		this.inFlight.add(task);
		return delivery;
	}

	list(): WebhookDelivery[] {
		return [...this.deliveries];
	}

	clear(): void {
		this.deliveries = [];
	}

	/** Resolves when every delivery started so far has finished. */
	async settled(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}
}
