/**
 * An execution context whose HTTP helpers do what n8n 2.x does, where the transport tests depend on it:
 * - `httpRequest` goes through axios the way n8n converts `IHttpRequestOptions` (timeout, ignoreHttpStatusErrors,
 *   returnFullResponse, encoding), so time-outs and unparseable bodies come back as they do in n8n;
 * - `httpRequestWithAuthentication` follows n8n-core: preAuthentication when the expirable field is empty, then
 *   `options = authenticate(credentials, options)`; on a token-expired status it refreshes and calls `authenticate`
 *   again on the options it already authenticated (not the original ones), then resends; errors are `NodeApiError`s.
 */
import axios, { type AxiosRequestConfig } from 'axios';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { RequestContext } from '../../nodes/shared/transport/request';

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	timeout?: number;
}

function urlWithQuery(options: IHttpRequestOptions): string {
	const url = new URL(options.url);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value === undefined || value === null) continue;
		for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
	}
	return url.toString();
}

export async function n8nHttpRequest(
	options: IHttpRequestOptions,
	sent: SentRequest[] = [],
): Promise<unknown> {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(options.headers ?? {}))
		if (v !== undefined) headers[k] = String(v);
	if (options.json && !Object.keys(headers).some((h) => h.toLowerCase() === 'accept'))
		headers.Accept = 'application/json';
	const url = urlWithQuery(options);
	sent.push({ method: options.method ?? 'GET', url, headers, timeout: options.timeout });
	const ignore = options.ignoreHttpStatusErrors;
	const config: AxiosRequestConfig = {
		url,
		method: options.method ?? 'GET',
		headers,
		timeout: options.timeout,
		data: options.body,
		responseType: options.encoding === 'arraybuffer' ? 'arraybuffer' : undefined,
		validateStatus:
			ignore === true
				? () => true
				: typeof ignore === 'object' && ignore !== null && ignore.ignore
					? (status) => !ignore.except.includes(status)
					: (status) => status >= 200 && status < 300,
	};
	const response = await axios(config);
	if (options.returnFullResponse) {
		return {
			body: response.data,
			headers: response.headers,
			statusCode: response.status,
			statusMessage: response.statusText,
		};
	}
	return response.data;
}

export interface N8nContext {
	ctx: RequestContext & {
		getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	};
	credentials: ICredentialDataDecryptedObject;
	sent: SentRequest[];
	preAuthentications: number;
}

export function n8nContext(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): N8nContext {
	const node: INode = {
		id: 'node-1',
		name: 'Node',
		type: 'n8n-nodes-marketplace-sync.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const state: N8nContext = {
		ctx: undefined as unknown as N8nContext['ctx'],
		credentials: { ...credentials },
		sent: [],
		preAuthentications: 0,
	};
	const preAuthenticate = async () => {
		state.preAuthentications++;
		const data = await credentialType.preAuthentication!.call(
			{
				helpers: { httpRequest: (o: IHttpRequestOptions) => n8nHttpRequest(o, state.sent) },
			} as never,
			state.credentials,
		);
		Object.assign(state.credentials, data);
	};
	const authenticate = async (options: IHttpRequestOptions) =>
		typeof credentialType.authenticate === 'function'
			? await credentialType.authenticate(state.credentials, options)
			: options;
	state.ctx = {
		getNode: () => node,
		getCredentials: async () => state.credentials,
		helpers: {
			httpRequest: (async (o: IHttpRequestOptions) => await n8nHttpRequest(o, state.sent)) as never,
			httpRequestWithAuthentication: (async (
				_type: string,
				requestOptions: IHttpRequestOptions,
				additional?: IAdditionalCredentialOptions,
			) => {
				let options = requestOptions;
				try {
					if ((state.credentials.accessToken ?? '') === '') await preAuthenticate();
					options = await authenticate(options);
					return await n8nHttpRequest(options, state.sent);
				} catch (error) {
					const status = (error as { response?: { status?: number } }).response?.status;
					const retryOn = [additional?.preAuthenticationRetryStatusCode ?? 401].flat();
					if (status !== undefined && retryOn.includes(status)) {
						try {
							await preAuthenticate();
							// n8n-core: the options authenticated for the first attempt are authenticated again
							options = await authenticate(options);
							return await n8nHttpRequest(options, state.sent);
						} catch (retryError) {
							throw new NodeApiError(node, retryError as never);
						}
					}
					throw new NodeApiError(node, error as never);
				}
			}) as never,
		},
	};
	return state;
}
