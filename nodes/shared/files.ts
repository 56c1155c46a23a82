import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FileResult } from './execute';
import { validator } from './validation';

/**
 * Downloads (labels, delivery slips, shipping documents) in every marketplace node: the binary field the file goes
 * into, read and checked one way, and the output item that carries the file.
 */
const BINARY_FIELD = { label: 'Put Output File in Field', name: 'binaryProperty' } as const;

/** The "Put Output File in Field" parameter (`binaryProperty`, default `data`). */
export function binaryFieldProperty(
	description: string,
	displayOptions: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: BINARY_FIELD.label,
		name: BINARY_FIELD.name,
		type: 'string',
		default: 'data',
		description,
		displayOptions,
	};
}

/** The binary field name of item `i`: a field name, checked before any request. */
export function readBinaryField(ctx: IExecuteFunctions, i: number): string {
	return validator(ctx, i).string(
		BINARY_FIELD,
		ctx.getNodeParameter(BINARY_FIELD.name, i, 'data'),
		{
			maxLength: 100,
			pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
			patternHint: 'a field name',
		},
	);
}

/** A PDF as the item's file in `field` (n8n keeps it as binary data), with `json` next to it. */
export async function pdfFile(
	ctx: IExecuteFunctions,
	bytes: Buffer,
	fileName: string,
	field: string,
	json: IDataObject,
): Promise<FileResult> {
	const binary = await ctx.helpers.prepareBinaryData(bytes, fileName, 'application/pdf');
	return new FileResult({ ...json, fileName, bytes: bytes.length }, { [field]: binary });
}
