import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

import { parse as parseYaml } from 'yaml';

import type { EmulatorRequest, EmulatorResponse } from '../core/http.mts';
import { OpenApiValidator, type OpenApiOperation } from '../core/openapi.mts';
import { specDir } from '../specs/index.mts';
import { failure } from './present.mts';

/**
 * The contract: `docs/miinto-openapi.derived.yaml`, the same file the node implements (derived, not official). It is
 * read where it lives, not copied under `specs/`, so the node and the emulator cannot drift apart: a change of the
 * yaml changes what the emulator accepts and answers.
 *
 * Miinto has three services on three hosts (auth, order, stock; `x-service` per operation). The emulator serves them on
 * one port under `/auth`, `/order` and `/stock` (the credential's custom base URLs); a request is checked against the
 * operations of its own service only.
 */
export type MiintoApiService = 'auth' | 'order' | 'stock';
export const MIINTO_API_SERVICES: readonly MiintoApiService[] = ['auth', 'order', 'stock'];

/** `docs/miinto-openapi.derived.yaml` of the repository (found from the spec copies); `MPS_MIINTO_CONTRACT` overrides. */
export function miintoContractFile(): string {
	const override = process.env.MPS_MIINTO_CONTRACT;
	if (override) return path.resolve(override);
	return path.resolve(specDir(), '..', '..', '..', 'docs', 'miinto-openapi.derived.yaml');
}

export interface FoundOperation {
	operation: OpenApiOperation;
	params: Record<string, string>;
	service: MiintoApiService;
	/** The path below the service's prefix (the yaml's path). */
	relative: string;
	verified: string;
}

export class MiintoContract {
	private static cached: { file: string; contract: MiintoContract } | undefined;

	static shared(): MiintoContract {
		const file = miintoContractFile();
		if (MiintoContract.cached?.file !== file)
			MiintoContract.cached = { file, contract: new MiintoContract(file) };
		return MiintoContract.cached.contract;
	}

	readonly validator: OpenApiValidator;
	/** `METHOD template` -> x-service, x-verified. */
	private readonly marks = new Map<string, { service: MiintoApiService; verified: string }>();

	constructor(readonly file: string) {
		this.validator = OpenApiValidator.shared({ files: [file] });
		const doc = parseYaml(readFileSync(file, 'utf8')) as {
			paths?: Record<string, Record<string, { 'x-service'?: string; 'x-verified'?: string }>>;
		};
		for (const [template, item] of Object.entries(doc.paths ?? {})) {
			for (const [method, op] of Object.entries(item)) {
				const service = op?.['x-service'];
				if (service === 'auth' || service === 'order' || service === 'stock')
					this.marks.set(`${method.toUpperCase()} ${template}`, {
						service,
						verified: String(op['x-verified'] ?? 'unverified'),
					});
			}
		}
	}

	/** The operation of a request path (`/order/shops/...`), or undefined when no operation of that service matches. */
	find(method: string, requestPath: string): FoundOperation | undefined {
		const service = MIINTO_API_SERVICES.find((s) => requestPath.startsWith(`/${s}/`));
		if (!service) return undefined;
		const relative = requestPath.slice(service.length + 1);
		const found = this.validator.find(method, relative);
		if (!found) return undefined;
		const mark = this.marks.get(`${found.operation.method} ${found.operation.template}`);
		if (mark?.service !== service) return undefined;
		return { ...found, service, relative, verified: mark.verified };
	}

	/** Every operation of the yaml with its service (`x-service`). */
	services(): Array<{ method: string; template: string; service: MiintoApiService }> {
		return [...this.marks].map(([key, mark]) => {
			const [method = '', template = ''] = key.split(' ');
			return { method, template, service: mark.service };
		});
	}
}

export function failureResponse(
	status: number,
	message: string,
	version?: string,
	headers: EmulatorResponse['headers'] = {},
): EmulatorResponse {
	return { status, body: failure(message, version), contentType: 'application/json', headers };
}

/**
 * Content-Type (415) and the request against the operation's parameters and body (400, naming each field), in the
 * failure envelope. `POST /channels` also takes a form body (M-C6 sends one and reports success).
 */
export function checkMiintoRequest(
	contract: MiintoContract,
	req: EmulatorRequest,
	version: string,
): EmulatorResponse | undefined {
	const found = contract.find(req.method, req.path);
	if (!found) return undefined;
	const { operation, params } = found;
	const lenientForm =
		operation.operationId === 'createChannel' &&
		req.contentType === 'application/x-www-form-urlencoded';
	if (
		operation.requestBody &&
		(req.rawBody.length > 0 || operation.requestBody.required) &&
		!lenientForm
	) {
		const allowed = OpenApiValidator.requestMediaTypes(operation);
		if (!req.contentType || !allowed.includes(req.contentType))
			return failureResponse(
				415,
				`Content-Type must be ${allowed.join(' or ')}; got ${req.contentType ?? 'none'}.`,
				version,
			);
		if (req.bodyError !== undefined)
			return failureResponse(400, 'The request body is not valid JSON.', version);
	}
	const violations = contract.validator.validateRequest(operation, {
		pathParams: params,
		query: req.query,
		headers: req.headers,
		body: req.body,
		contentType: lenientForm ? 'application/json' : req.contentType,
	});
	if (violations.length === 0) return undefined;
	return failureResponse(
		400,
		violations
			.map(
				(v) =>
					`${v.name}: ${v.location === 'body' && v.name === 'body' ? 'request body is missing' : v.message}`,
			)
			.join('; '),
		version,
	);
}

/**
 * The emulator's own answer against the yaml (responses self-check): a declared status must match its schema; an
 * undeclared error status must at least be the failure envelope (the yaml declares few error statuses, see the
 * README).
 */
export function checkMiintoResponse(
	contract: MiintoContract,
	req: EmulatorRequest,
	res: EmulatorResponse,
): string[] {
	const found = contract.find(req.method, req.path);
	if (!found) return [];
	const declared =
		found.operation.responses[String(res.status)] ??
		found.operation.responses[`${String(res.status)[0]}XX`] ??
		found.operation.responses.default;
	if (declared && res.raw !== undefined)
		return res.contentType !== undefined && res.contentType in declared
			? []
			: [`media type ${res.contentType} is not one of ${Object.keys(declared).join(', ')}`];
	if (declared)
		return contract.validator.validateResponse(
			found.operation,
			res.status,
			res.contentType,
			res.body,
		);
	if (res.status >= 400) {
		const meta = (res.body as { meta?: { status?: unknown; message?: unknown } } | undefined)?.meta;
		return meta?.status === 'failure' && typeof meta.message === 'string'
			? []
			: [`status ${res.status}: not Miinto's failure envelope`];
	}
	return [
		`status ${res.status} is not declared for ${found.operation.method} ${found.operation.template}`,
	];
}
