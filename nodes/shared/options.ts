import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_TRANSPORT_SETTINGS, type TransportSettings } from './transport/request';
import type { InputValidator } from './validation';

/** The "Request Options" collection every marketplace node offers. */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'How calls to the marketplace are retried, timed out and paced',
	options: [
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description:
				'How often one call is tried before it fails, counting the first try. Retries happen on rate limits (429), server errors (5xx) and dropped connections.',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 300,
			description:
				'The longest one call may wait in total for backoff, Retry-After and rate-limit pacing before it fails',
		},
		{
			displayName: 'Rate Limit Share',
			name: 'rateLimitShare',
			type: 'number',
			typeOptions: { minValue: 0.01, maxValue: 1, numberPrecision: 2 },
			default: 1,
			description:
				"Fraction of the marketplace's documented rate limits this n8n process may use. Rate limits are tracked per process: with queue mode and N workers running this workflow for one account, set 1/N (e.g. 0.25 for 4 workers).",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 60,
			description:
				'How long one attempt may wait for the answer. A timed-out call is retried only when repeating it is safe (reads, updates); a timed-out create is reported, not repeated.',
		},
	],
};

export function transportSettings(
	requestOptions: IDataObject | undefined,
	scope: string,
): TransportSettings {
	const maxAttempts = Number(requestOptions?.maxAttempts ?? DEFAULT_TRANSPORT_SETTINGS.maxAttempts);
	const maxWaitSeconds = Number(
		requestOptions?.maxWaitSeconds ?? DEFAULT_TRANSPORT_SETTINGS.maxWaitMs / 1000,
	);
	const timeoutSeconds = Number(
		requestOptions?.timeoutSeconds ?? DEFAULT_TRANSPORT_SETTINGS.timeoutMs / 1000,
	);
	const share = Number(requestOptions?.rateLimitShare ?? DEFAULT_TRANSPORT_SETTINGS.rateLimitShare);
	return {
		maxAttempts:
			Number.isFinite(maxAttempts) && maxAttempts >= 1
				? Math.floor(maxAttempts)
				: DEFAULT_TRANSPORT_SETTINGS.maxAttempts,
		maxWaitMs:
			Number.isFinite(maxWaitSeconds) && maxWaitSeconds >= 0
				? maxWaitSeconds * 1000
				: DEFAULT_TRANSPORT_SETTINGS.maxWaitMs,
		timeoutMs:
			Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
				? timeoutSeconds * 1000
				: DEFAULT_TRANSPORT_SETTINGS.timeoutMs,
		rateLimitShare:
			Number.isFinite(share) && share > 0 && share <= 1
				? share
				: DEFAULT_TRANSPORT_SETTINGS.rateLimitShare,
		scope,
	};
}

export function returnAllProperties(
	resource: string,
	operation: string,
	max = 500,
): INodeProperties[] {
	const show = { resource: [resource], operation: [operation] };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: max },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/**
 * The order-mapping options every marketplace node and trigger offers (Koongo's "Product Identification", "SKU
 * Prefix/Suffix to Crop", "Include Raw Payload"), read and checked one way for all of them: an identification that is
 * not one of the marketplace's choices and a pattern that is not a regular expression fail naming the field.
 */
export interface CommonMappingOptions<Identification extends string> {
	productIdentification: Identification;
	skuPrefixPattern: string | undefined;
	skuSuffixPattern: string | undefined;
	includeRaw: boolean;
}

export function readCommonMappingOptions<Identification extends string>(
	options: IDataObject,
	v: InputValidator,
	identification: {
		choices: readonly Identification[];
		fallback: Identification;
		/** Examples in the error of a bad pattern (e.g. `BOL-`, `-NL`). */
		examples?: { prefix: string; suffix: string };
	},
): CommonMappingOptions<Identification> {
	return {
		productIdentification: v.oneOf(
			{ label: 'Product Identification', name: 'options.productIdentification' },
			options.productIdentification ?? identification.fallback,
			identification.choices,
		),
		skuPrefixPattern: v.optionalPattern(
			{ label: 'SKU Prefix to Crop', name: 'options.skuPrefixPattern' },
			options.skuPrefixPattern,
			identification.examples?.prefix,
		),
		skuSuffixPattern: v.optionalPattern(
			{ label: 'SKU Suffix to Crop', name: 'options.skuSuffixPattern' },
			options.skuSuffixPattern,
			identification.examples?.suffix,
		),
		includeRaw: options.includeRaw === true,
	};
}
