import type { INodeExecutionData } from 'n8n-workflow';

import { AmazonSellingPartner } from '../../../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import type { ContextOptions } from '../../helpers/context.mts';
import { amazonContext } from '../../helpers/amazon.mts';

export async function runNode(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = amazonContext(parameters, extra);
	const output: INodeExecutionData[][] = await new AmazonSellingPartner().execute.call(fake.ctx);
	return { items: output[0], fake };
}

/** Runs the node expecting it to fail; returns the error. */
export async function runNodeError(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = amazonContext(parameters, extra);
	const error = await new AmazonSellingPartner().execute.call(fake.ctx).then(
		() => undefined,
		(e: unknown) => e as Error & { description?: string; httpCode?: string },
	);
	if (!error) throw new Error('the node did not fail');
	return { error, fake };
}
