/**
 * Fixtures from the official Bol spec: objects built from the `example` values the spec gives for each property,
 * so the unit tests read the shapes bol documents, not shapes we invented.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Schema = {
	$ref?: string;
	type?: string;
	properties?: Record<string, Schema>;
	items?: Schema;
	allOf?: Schema[];
	example?: unknown;
	enum?: unknown[];
	nullable?: boolean;
};

// the byte-identical copies of the official specs kept in the repository (hashes checked in test/emulators)
const SHARED = resolve(import.meta.dirname, '../../sandbox/emulators/specs');

function loadJson(path: string): { components: { schemas: Record<string, Schema> } } {
	return JSON.parse(readFileSync(resolve(SHARED, path), 'utf8'));
}

const retailer = loadJson('bol/retailer-v10.json');
const shared = loadJson('bol/shared-v10.json');

function build(schema: Schema, schemas: Record<string, Schema>, depth = 0): unknown {
	if (depth > 12) return null;
	if (schema.$ref) return build(schemas[schema.$ref.split('/').pop()!], schemas, depth + 1);
	if (schema.allOf) return build(schema.allOf[0], schemas, depth + 1);
	if (schema.example !== undefined) return schema.example;
	if (schema.type === 'array' && schema.items) return [build(schema.items, schemas, depth + 1)];
	if (schema.properties || schema.type === 'object') {
		const result: Record<string, unknown> = {};
		for (const [key, property] of Object.entries(schema.properties ?? {}))
			result[key] = build(property, schemas, depth + 1);
		return result;
	}
	if (schema.enum) return schema.enum[0];
	if (schema.type === 'boolean') return false;
	if (schema.type === 'integer' || schema.type === 'number') return 0;
	return null;
}

export function bolExample<T = Record<string, unknown>>(schemaName: string): T {
	const schemas = retailer.components.schemas[schemaName]
		? retailer.components.schemas
		: shared.components.schemas;
	if (!schemas[schemaName]) throw new Error(`schema ${schemaName} not in the bol specs`);
	return structuredClone(build(schemas[schemaName], schemas)) as T;
}
