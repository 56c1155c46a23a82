import { isUploadedFile, type EmulatorRequest, type UploadedFile } from '../core/http.mts';

/**
 * The parameters of a Spartoo call, read the way a PHP script reads `$_REQUEST`: the query string, then the form
 * body over it (POST wins). Most pages say POST; clients also send GET or a POST with the parameters in the query
 * (S-C4, S-C4b), so every script takes both. Both spellings are accepted everywhere (C23): `partner` = `partenaire`,
 * `status` = `statut`.
 */
export class SpartooParams {
	private readonly values = new Map<string, string>();
	private readonly files = new Map<string, UploadedFile>();
	/** Which names the client used (the request log and tests see the spelling). */
	readonly names: string[] = [];

	constructor(req: Pick<EmulatorRequest, 'query' | 'body'>) {
		for (const [key, value] of req.query) this.put(key, value);
		if (req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body)) {
			for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) {
				const first: unknown = Array.isArray(value) ? value[0] : value;
				if (typeof first === 'string') this.put(key, first);
				else if (isUploadedFile(first)) {
					this.files.set(key, first);
					if (!this.names.includes(key)) this.names.push(key);
				}
			}
		}
	}

	private put(key: string, value: string): void {
		if (!this.names.includes(key)) this.names.push(key);
		this.values.set(key, value);
	}

	/** The value of the first spelling present, or undefined (an empty value counts as missing). */
	get(...spellings: string[]): string | undefined {
		for (const name of spellings) {
			const value = this.values.get(name);
			if (value !== undefined && value.trim() !== '') return value;
		}
		return undefined;
	}

	has(name: string): boolean {
		return this.values.has(name) || this.files.has(name);
	}

	/** A file part of a `multipart/form-data` body. */
	file(name: string): UploadedFile | undefined {
		return this.files.get(name);
	}

	partner(): string | undefined {
		return this.get('partner', 'partenaire');
	}

	status(): string | undefined {
		return this.get('statut', 'status');
	}
}

/** The parameters of a request, parsed once. */
const cache = new WeakMap<object, SpartooParams>();
export function paramsOf(req: Pick<EmulatorRequest, 'query' | 'body'>): SpartooParams {
	let params = cache.get(req);
	if (!params) {
		params = new SpartooParams(req);
		cache.set(req, params);
	}
	return params;
}
