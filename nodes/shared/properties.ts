import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Building blocks of node descriptions shared by every node of the package. */

/** The "Options" collection of an operation, shown where `display` says. */
export function optionsCollection(
	display: IDisplayOptions,
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: display,
		options,
	};
}

/** The values an options (or multi-options) property offers: what a validator accepts for it. */
export function optionValues(property: INodeProperties): string[] {
	return (property.options ?? []).flatMap((option) =>
		'value' in option && (typeof option.value === 'string' || typeof option.value === 'number')
			? [String(option.value)]
			: [],
	);
}
