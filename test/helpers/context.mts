/**
 * A stand-in for n8n's execution contexts that behaves like n8n where this package depends on it:
 * - `httpRequestWithAuthentication` runs the credential's `preAuthentication` when its expirable field is empty,
 *   applies its `authenticate` (generic properties or a function), sends the request over real HTTP (Node's `http`,
 *   as n8n's axios does: so nock or an emulator answers), and on a thrown 401 (or the
 *   `preAuthenticationRetryStatusCode` statuses the caller passes) refreshes the token once and resends (n8n-core
 *   `httpRequestWithAuthentication`);
 * - `httpRequest` follows n8n's `IHttpRequestOptions` (qs with arrayFormat, json, returnFullResponse,
 *   ignoreHttpStatusErrors with an `except` list, `encoding: 'arraybuffer'`), throwing axios-shaped errors.
 * The real n8n is exercised by the end-to-end tests.
 */
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { NetworkError, sendRaw, type RawResponse } from './http.mts';

export interface HttpLogEntry {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: unknown;
	status?: number;
}

function buildUrl(options: IHttpRequestOptions): string {
	const base = options.baseURL ? options.baseURL.replace(/\/+$/, '') : '';
	const url = new URL(
		base && !/^https?:/.test(options.url)
			? `${base}/${options.url.replace(/^\/+/, '')}`
			: options.url,
	);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) {
			if (options.arrayFormat === 'comma') url.searchParams.append(key, value.join(','));
			else
				for (const v of value)
					url.searchParams.append(options.arrayFormat === 'brackets' ? `${key}[]` : key, String(v));
		} else url.searchParams.append(key, String(value));
	}
	return url.toString();
}

function axiosLikeError(message: string, extra: IDataObject): Error {
	return Object.assign(new Error(message), { isAxiosError: true, ...extra });
}

export async function httpRequest(
	options: IHttpRequestOptions,
	log?: HttpLogEntry[],
): Promise<unknown> {
	const url = buildUrl(options);
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(options.headers ?? {}))
		if (v !== undefined) headers[k] = String(v);
	if (options.auth)
		headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
	if (options.json && !Object.keys(headers).some((h) => h.toLowerCase() === 'accept'))
		headers.Accept = 'application/json';
	let body: string | undefined;
	if (options.body !== undefined && options.body !== null && options.method !== 'GET') {
		if (typeof options.body === 'string') body = options.body;
		else if (options.body instanceof URLSearchParams) body = options.body.toString();
		else {
			body = JSON.stringify(options.body);
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
				headers['Content-Type'] = 'application/json';
		}
	}
	const entry: HttpLogEntry = {
		method: options.method ?? 'GET',
		url,
		headers,
		body: body === undefined ? undefined : safeJson(body),
	};
	log?.push(entry);
	let response: RawResponse;
	try {
		response = await sendRaw(options.method ?? 'GET', url, headers, body);
	} catch (error) {
		throw axiosLikeError((error as Error).message, {
			code: error instanceof NetworkError ? error.code : 'ECONNRESET',
		});
	}
	const bytes = response.body;
	const text = bytes.toString('utf8');
	const data =
		options.encoding === 'arraybuffer' && response.status < 400
			? bytes
			: text === ''
				? ''
				: safeJson(text);
	const responseHeaders = response.headers;
	entry.status = response.status;
	const ignore = options.ignoreHttpStatusErrors;
	const ignored =
		response.status < 400 ||
		ignore === true ||
		(typeof ignore === 'object' &&
			ignore !== null &&
			ignore.ignore &&
			!ignore.except.includes(response.status));
	if (!ignored) {
		throw axiosLikeError(`Request failed with status code ${response.status}`, {
			response: { status: response.status, headers: responseHeaders, data },
		});
	}
	if (options.returnFullResponse) {
		return {
			body: data,
			headers: responseHeaders,
			statusCode: response.status,
			statusMessage: response.statusText,
		};
	}
	return data;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function resolveExpression(
	template: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	return template
		.slice(1)
		.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) =>
			String(credentials[key] ?? ''),
		);
}

export interface ContextOptions {
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	/** Node parameters; a function gets the item index. */
	parameters: Record<string, unknown | ((itemIndex: number) => unknown)>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	mode?: 'manual' | 'trigger';
	staticData?: IDataObject;
	nodeType?: string;
}

export interface FakeContext {
	ctx: IExecuteFunctions & IPollFunctions;
	/** The stored credential, including the access token n8n would have persisted. */
	credentials: ICredentialDataDecryptedObject;
	http: HttpLogEntry[];
	preAuthentications: number;
	staticData: IDataObject;
}

export function createContext(options: ContextOptions): FakeContext {
	const credentialType = options.credentialType;
	const expirable = credentialType.properties.find(
		(p) => p.type === 'hidden' && p.typeOptions?.expirable,
	)?.name;
	const state: FakeContext = {
		ctx: undefined as unknown as FakeContext['ctx'],
		credentials: { ...options.credentials },
		http: [],
		preAuthentications: 0,
		staticData: options.staticData ?? {},
	};
	const node: INode = {
		id: 'node-1',
		name: 'Node',
		type: options.nodeType ?? 'n8n-nodes-marketplace-sync.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const preAuthenticate = async () => {
		if (!expirable || !credentialType.preAuthentication) return;
		state.preAuthentications++;
		const data = await credentialType.preAuthentication.call(
			{ helpers: { httpRequest: (o: IHttpRequestOptions) => httpRequest(o, state.http) } } as never,
			state.credentials,
		);
		Object.assign(state.credentials, data);
	};
	const authenticated = async (
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		if (typeof credentialType.authenticate === 'function') {
			return await credentialType.authenticate(state.credentials, {
				...requestOptions,
				headers: { ...(requestOptions.headers ?? {}) },
			});
		}
		const auth = credentialType.authenticate as
			| { properties?: { headers?: IDataObject; qs?: IDataObject } }
			| undefined;
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		for (const [k, v] of Object.entries(auth?.properties?.headers ?? {}))
			headers[k] = resolveExpression(v, state.credentials) as string;
		const qs: IDataObject = { ...(requestOptions.qs ?? {}) };
		for (const [k, v] of Object.entries(auth?.properties?.qs ?? {}))
			qs[k] = resolveExpression(v, state.credentials) as string;
		return { ...requestOptions, headers, qs };
	};
	const parameter = (name: string, itemIndex: number, fallback?: unknown) => {
		if (!(name in options.parameters)) return fallback;
		const value = options.parameters[name];
		return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
	};
	const ctx = {
		getNode: () => node,
		getInputData: () => options.items ?? [{ json: {} }],
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => options.mode ?? 'trigger',
		getCredentials: async () => state.credentials,
		getWorkflowStaticData: () => state.staticData,
		getNodeParameter: (name: string, itemIndexOrFallback?: unknown, fallback?: unknown) =>
			typeof itemIndexOrFallback === 'number'
				? parameter(name, itemIndexOrFallback, fallback)
				: parameter(name, 0, itemIndexOrFallback),
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			// n8n's contract for binary data kept in memory: the bytes base64-encoded with name, type and size
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
			httpRequest: (o: IHttpRequestOptions) => httpRequest(o, state.http),
			httpRequestWithAuthentication: async (
				_type: string,
				requestOptions: IHttpRequestOptions,
				additional?: IAdditionalCredentialOptions,
			) => {
				const retryOn = [additional?.preAuthenticationRetryStatusCode ?? 401].flat();
				// n8n-core authenticates the options it already authenticated once more on the resend (so a header the
				// first `authenticate` set is still there): the resend starts from what was sent, as in n8n
				let sent = requestOptions;
				try {
					if (expirable && (state.credentials[expirable] ?? '') === '') await preAuthenticate();
					sent = await authenticated(requestOptions);
					return await httpRequest(sent, state.http);
				} catch (error) {
					const status = (error as { response?: { status?: number } }).response?.status;
					if (status !== undefined && retryOn.includes(status) && expirable) {
						try {
							await preAuthenticate();
							return await httpRequest(await authenticated(sent), state.http);
						} catch (retryError) {
							throw new NodeApiError(node, retryError as never);
						}
					}
					throw new NodeApiError(node, error as never);
				}
			},
		},
	};
	state.ctx = ctx as unknown as FakeContext['ctx'];
	return state;
}
