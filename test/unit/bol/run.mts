import type { INodeExecutionData } from 'n8n-workflow';

import { BolRetailer } from '../../../nodes/BolRetailer/BolRetailer.node.ts';
import type { ContextOptions } from '../../helpers/context.mts';
import { bolContext } from '../../helpers/bol.mts';

export async function runNode(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = bolContext(parameters, extra);
	const output: INodeExecutionData[][] = await new BolRetailer().execute.call(fake.ctx);
	return { items: output[0], fake };
}
