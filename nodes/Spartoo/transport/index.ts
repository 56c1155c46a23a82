import type { ICredentialDataDecryptedObject, IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import { scrubError, type ParsedApiError } from '../../shared/errors';
import { transportSettings } from '../../shared/options';
import { redactSecretValues } from '../../shared/redact';
import { sha256Hex } from '../../shared/signing';
import { getRateLimiter } from '../../shared/transport/rateLimiter';
import {
	marketplaceRequest,
	type MarketplaceApi,
	type RequestContext,
	type TransportSettings,
} from '../../shared/transport/request';
import { parseXml, XmlError, type XmlElement } from '../../shared/xml';
import {
	CODES,
	codeMeaning,
	CREDENTIAL_CODES,
	DEFAULT_CURRENCY,
	DEFAULT_HOURLY_BUDGET,
	hourlyPolicy,
	QUOTA_CODE,
	QUOTA_WINDOW_MARGIN_MS,
	type SpartooScript,
} from '../constants';
import { spartooBaseUrl, spartooScriptUrl } from './endpoints';
import { envelopeCode } from './read';

export const SPARTOO_CREDENTIAL = 'spartooApi';
export const SPARTOO_NAME = 'Spartoo';

const HOUR_MS = 3_600_000;

/** Spartoo's error bodies (HTTP errors come from proxies; Spartoo itself answers 200 with a code). */
export function parseSpartooError(body: unknown): ParsedApiError | undefined {
	if (typeof body !== 'string' || !body.trim().startsWith('<')) return undefined;
	try {
		const { code, description } = envelopeCode(parseXml(body));
		if (code === 1) return undefined;
		return {
			message: `code ${code}: ${codeMeaning(code)}${description ? ` (${description})` : ''}`,
			violations: [],
			code: String(code),
		};
	} catch {
		return undefined;
	}
}

export type SpartooContext = RequestContext & {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
};

/** A form field: undefined and null are left out. */
export type Form = Record<string, string | number | undefined | null>;

export interface SpartooCall {
	script: SpartooScript;
	form: Form;
	/** What the call does, for messages: "accept order 123". */
	operation: string;
	itemIndex?: number;
	/** An export (read) sent as POST: still sent in test mode, and may be repeated after a dropped connection. */
	read?: boolean;
	/** Codes returned to the caller instead of raised (1 always is). */
	accept?: readonly number[];
}

export interface SpartooAnswer {
	root: XmlElement;
	code: number;
	description: string;
	/** How many calls it took (-429 waits and transport retries included). */
	attempts: number;
}

/** The field a code is about, for error messages. */
const CODE_FIELDS: Record<number, string> = {
	[-1]: 'Partner Key (credential)',
	[-2]: 'Partner Key (credential)',
	[-428]: 'Partner Key (credential)',
	[-3]: 'date / oID / rID',
	[-5]: 'oID / rID / statut / tracking_number',
	[-6]: 'oID / rID',
	[-11]: 'xml',
	[-12]: 'reference_partenaire',
	[-13]: 'products_size_reference',
	[-15]: 'xml',
	[-24]: 'label_link',
	[-25]: 'label_link',
};

/** The next clock hour after `now` (ms), plus a margin: when an hourly window reopens. */
export function nextHourWindow(now: number): number {
	return (Math.floor(now / HOUR_MS) + 1) * HOUR_MS + QUOTA_WINDOW_MARGIN_MS;
}

/** Everything the Spartoo node and trigger do over HTTP. One client per node execution. */
export class SpartooClient {
	private constructor(
		private readonly ctx: SpartooContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		readonly settings: TransportSettings,
		private readonly api: MarketplaceApi,
		private readonly bucket: string,
	) {}

	static async create(ctx: SpartooContext, requestOptions?: IDataObject): Promise<SpartooClient> {
		const credentials = await ctx.getCredentials(SPARTOO_CREDENTIAL);
		const key = String(credentials.apiKey ?? '').trim();
		// one rate-limit state per key and site, without keeping the key itself in the limiter's name
		const scope = `${spartooBaseUrl(credentials)}|${sha256Hex(key).slice(0, 16)}`;
		const rawBudget = Number(credentials.hourlyBudget ?? DEFAULT_HOURLY_BUDGET);
		const budget =
			Number.isFinite(rawBudget) && rawBudget >= 1 ? Math.floor(rawBudget) : DEFAULT_HOURLY_BUDGET;
		const bucket = `hour:${budget}`;
		const api: MarketplaceApi = {
			name: SPARTOO_NAME,
			credentialType: SPARTOO_CREDENTIAL,
			parseError: parseSpartooError,
			rateLimits: { [bucket]: hourlyPolicy(budget) },
			// Spartoo has no token: nothing to refresh
			reauthStatuses: [],
		};
		return new SpartooClient(
			ctx,
			credentials,
			transportSettings(requestOptions, scope),
			api,
			bucket,
		);
	}

	get currency(): string {
		const value = String(this.credentials.currency ?? '')
			.trim()
			.toUpperCase();
		return /^[A-Z]{3}$/.test(value) ? value : DEFAULT_CURRENCY;
	}

	/** The values never to show: the partner key. */
	get secrets(): string[] {
		const key = String(this.credentials.apiKey ?? '').trim();
		return key === '' ? [] : [key];
	}

	/** The error for a code: the meaning, the field, Spartoo's own description; the key redacted. */
	codeError(
		operation: string,
		code: number,
		description: string,
		itemIndex?: number,
		body?: string,
	): NodeApiError {
		const meaning = codeMeaning(code);
		const field = CODE_FIELDS[code];
		const own = description && description !== meaning ? ` Spartoo says: "${description}".` : '';
		const message = redactSecretValues(
			`${SPARTOO_NAME} refused ${operation}: code ${code}, ${meaning}${field ? ` [${field}]` : ''}`,
			this.secrets,
		);
		const error = new NodeApiError(
			this.ctx.getNode(),
			{ code, meaning, body: redactSecretValues(body ?? '', this.secrets) } as JsonObject,
			{
				message,
				description: redactSecretValues(
					(CREDENTIAL_CODES.has(code)
						? 'Check the Partner Key and the Site of the Spartoo credential.'
						: `Code ${code} of Spartoo's answer (HTTP 200).`) + own,
					this.secrets,
				),
				itemIndex,
			},
		);
		return scrubError(error, this.secrets);
	}

	/** The error of a used-up hourly quota: when it frees up, and what to do. */
	private quotaError(
		call: SpartooCall,
		reopens: number,
		wait: number,
		description: string,
		raw: string,
	): NodeApiError {
		const at = new Date(reopens).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const error = this.codeError(call.operation, QUOTA_CODE, description, call.itemIndex, raw);
		error.description = `Spartoo's hourly quota for this key is used up; it frees up at the next full hour, about ${at} (in ${Math.ceil(wait / 60000)} min). Waiting that long exceeds the "Max Wait" request option (${Math.round(this.settings.maxWaitMs / 1000)} s): run the workflow later, raise Max Wait, or lower the credential's Hourly Call Budget.`;
		return error;
	}

	/**
	 * One form POST to a script, its XML read and its code checked:
	 * - -429 (hourly quota, HTTP 200): waits for the next hour window when that fits in "Max Wait" (and blocks the other
	 *   calls of this key meanwhile), else fails saying when the quota frees up; never resent at once;
	 * - -1 / -2 / -428: a credential error with its meaning;
	 * - any other code but 1 and `accept`: an error naming the parameter;
	 * - an answer that is not XML: an error quoting its start (redacted).
	 */
	async post(call: SpartooCall): Promise<SpartooAnswer> {
		const clock = getClock();
		const url = spartooScriptUrl(this.credentials, call.script);
		const params = new URLSearchParams();
		for (const [name, value] of Object.entries(call.form))
			if (value !== undefined && value !== null) params.set(name, String(value));
		const body = params.toString();
		const limiter = getRateLimiter(
			`${SPARTOO_NAME}|${this.settings.scope}|${this.bucket}`,
			this.api.rateLimits?.[this.bucket] ?? {},
			clock,
			this.settings.rateLimitShare,
		);
		let waited = 0;
		let attempts = 0;
		const maxQuotaAttempts = Math.max(1, this.settings.maxAttempts);
		for (let round = 1; ; round++) {
			// a -429 seen by an earlier call of this key: fail at once, with when the quota frees up, if the window
			// reopens too late; no call is sent meanwhile
			const blocked = limiter.blockedFor();
			if (blocked > 0 && waited + blocked > this.settings.maxWaitMs)
				throw this.quotaError(call, clock.now() + blocked, blocked, '', '');
			const started = clock.now();
			const response = await marketplaceRequest<unknown>(
				this.ctx,
				this.api,
				{
					method: 'POST',
					url,
					body,
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						Accept: 'application/xml, text/xml',
					},
					bucket: this.bucket,
					operation: call.operation,
					itemIndex: call.itemIndex,
					idempotent: call.read === true,
					readOnly: call.read === true,
					expectJson: false,
				},
				{ ...this.settings, maxWaitMs: Math.max(0, this.settings.maxWaitMs - waited) },
			);
			waited += Math.max(0, clock.now() - started);
			attempts += response.attempts;
			const raw = textOf(response.body);
			let root: XmlElement;
			try {
				root = parseXml(raw);
			} catch (error) {
				const where = error instanceof XmlError ? error.message : String(error);
				const excerpt = redactSecretValues(raw.trim(), this.secrets).slice(0, 200);
				throw scrubError(
					new NodeApiError(this.ctx.getNode(), { body: excerpt } as JsonObject, {
						message: `${SPARTOO_NAME}: the answer to ${call.operation} is not readable XML (${redactSecretValues(where, this.secrets)}), so it is not counted as a success`,
						description: `It begins: ${excerpt}`,
						itemIndex: call.itemIndex,
					}),
					this.secrets,
				);
			}
			const { code, description } = envelopeCode(root);
			if (code === QUOTA_CODE) {
				const now = clock.now();
				const reopens = nextHourWindow(now);
				const wait = reopens - now;
				// every call of this key in this process waits for the window, not only this one
				limiter.observe(429, { 'retry-after': String(Math.ceil(wait / 1000)) });
				if (waited + wait > this.settings.maxWaitMs || round >= maxQuotaAttempts)
					throw this.quotaError(call, reopens, wait, description, raw);
				waited += wait;
				await clock.sleep(wait);
				continue;
			}
			if (code !== 1 && !(call.accept ?? []).includes(code)) {
				throw this.codeError(call.operation, code, description, call.itemIndex, raw);
			}
			return { root, code, description, attempts };
		}
	}
}

/**
 * Downloads a document Spartoo links to (a delivery slip given as a URL [unverified]): without the credential, so
 * the key never travels to another host.
 */
export async function downloadLinked(
	client: SpartooClient,
	ctx: SpartooContext,
	url: string,
	operation: string,
	itemIndex?: number,
): Promise<Buffer> {
	const response = await marketplaceRequest<unknown>(
		ctx,
		{ name: SPARTOO_NAME, credentialType: SPARTOO_CREDENTIAL, parseError: parseSpartooError },
		{
			method: 'GET',
			url,
			bucket: 'download',
			operation,
			itemIndex,
			authentication: 'none',
			binary: true,
		},
		client.settings,
	);
	const body = response.body;
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	return Buffer.from(String(body ?? ''), 'utf8');
}

function textOf(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
	if (ArrayBuffer.isView(body)) return new TextDecoder().decode(body as Uint8Array);
	if (body === undefined || body === null) return '';
	return JSON.stringify(body);
}

export { CODES };
