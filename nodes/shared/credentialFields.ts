import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The credential fields every marketplace asks the same way, written once: the environment choice (production, the
 * marketplace's test environments, custom) and the URLs a custom environment names. A credential is then its own
 * fields (ids, secrets, account), these, its endpoint table (`endpoints.ts`) and its token flow.
 */

/** The "Custom" choice of every environment field. */
export const CUSTOM_ENVIRONMENT: INodePropertyOptions = {
	name: 'Custom',
	value: 'custom',
	description: 'Your own base URL: a proxy, the emulator or a test server',
};

/**
 * The Environment field: production (with the URL users should recognise), then the marketplace's test environments,
 * then Custom. Default production. Its values are the keys of the marketplace's endpoint tables.
 */
export function environmentField(
	productionUrl: string,
	testEnvironments: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Environment',
		name: 'environment',
		type: 'options',
		default: 'production',
		options: [
			{ name: 'Production', value: 'production', description: productionUrl },
			...testEnvironments,
			CUSTOM_ENVIRONMENT,
		],
	};
}

/** A URL the Custom environment names (`{name}` in the endpoint tables), shown only for it. */
export function customUrlField(
	displayName: string,
	name: string,
	placeholder: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder,
		description,
		displayOptions: { show: { environment: ['custom'] } },
	};
}
