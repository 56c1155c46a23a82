import type { INodeProperties, INodeType } from 'n8n-workflow';
import { expect } from 'vitest';

/**
 * Checks a node's pickers: among its resource locators are the `expected` ones (`name:resource.operation`), each has
 * From List and By ID only (no By URL) and the list method `methods` names for its parameter. Returns the locators.
 */
export function expectPickers(
	node: INodeType,
	expected: string[],
	methods: Record<string, string>,
): INodeProperties[] {
	const locators = (node.description.properties as INodeProperties[]).filter(
		(p) => p.type === 'resourceLocator',
	);
	const keys = locators.map(
		(p) =>
			`${p.name}:${String(p.displayOptions?.show?.resource)}.${String(p.displayOptions?.show?.operation)}`,
	);
	expect(keys).toEqual(expect.arrayContaining(expected));
	for (const locator of locators) {
		expect(locator.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(locator.modes?.[0].typeOptions?.searchListMethod).toBe(methods[locator.name]);
		expect(Object.keys(node.methods?.listSearch ?? {})).toContain(methods[locator.name]);
	}
	return locators;
}
