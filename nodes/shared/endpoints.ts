import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Where a marketplace API lives, per credential environment, written once. The same table gives the client its URL
 * (`endpointUrl`) and the credential's declarative `test` request its n8n expression (`endpointExpression`), so the
 * connection test always calls the host the nodes call. A URL may hold `{field}` placeholders, filled from the
 * credential's field of that name (a region, a custom base URL; trimmed, without trailing slashes).
 *
 * Keys are the values of the credential's `environment` field; `production` is also the fallback for a missing or
 * unknown environment.
 */
export type EndpointTable = Readonly<{ production: string } & Record<string, string>>;

const PLACEHOLDER = /\{(\w+)\}/g;

function fieldValue(value: unknown): string {
	return String(value ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/** The URL of `table` for the credential's environment, placeholders filled. */
export function endpointUrl(
	table: EndpointTable,
	credentials: ICredentialDataDecryptedObject,
): string {
	const environment = String(credentials.environment ?? 'production');
	const template = Object.prototype.hasOwnProperty.call(table, environment)
		? table[environment]
		: table.production;
	return template.replace(PLACEHOLDER, (_match, field: string) => fieldValue(credentials[field]));
}

/** JavaScript (inside an n8n expression) of one URL template, `$credentials` fields for its placeholders. */
function templateCode(template: string): string {
	const parts: string[] = [];
	let last = 0;
	for (const match of template.matchAll(PLACEHOLDER)) {
		const at = match.index ?? 0;
		if (at > last) parts.push(JSON.stringify(template.slice(last, at)));
		parts.push(`String($credentials.${match[1]} || "").trim().replace(/\\/+$/, "")`);
		last = at + match[0].length;
	}
	if (last < template.length || parts.length === 0)
		parts.push(JSON.stringify(template.slice(last)));
	return parts.join(' + ');
}

/**
 * The n8n expression (`={{ ... }}`) that `endpointUrl` computes, for a credential's `test.request.baseURL`: n8n
 * resolves it with the credential's values before the test request.
 */
export function endpointExpression(table: EndpointTable): string {
	let code = templateCode(table.production);
	for (const [environment, template] of Object.entries(table).reverse()) {
		if (environment === 'production' || template === table.production) continue;
		code = `$credentials.environment === ${JSON.stringify(environment)} ? ${templateCode(template)} : ${code}`;
	}
	return `={{ ${code} }}`;
}
