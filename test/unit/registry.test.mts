/**
 * The marketplace registry (`nodes/shared/marketplaces.ts`) is the one list a marketplace edits. The lists n8n and
 * the tooling must still keep by themselves (package.json's `n8n` block, the emulators' services, the templates)
 * are checked against it here, so a marketplace that is half registered fails `npm test` with what is missing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	MARKETPLACE_IDS,
	MARKETPLACE_REGISTRY,
	availableMarketplaces,
	shippedMarketplaces,
} from '../../nodes/shared/marketplaces';
import { MARKETPLACES } from '../../nodes/shared/model';
import { TRACKING_REQUIREMENTS } from '../../nodes/MarketplaceOrderSync/rules/tracking';
import { SERVICE_NAMES } from '../../sandbox/emulators/index.mts';
import { TEMPLATES } from '../../workflows-templates/src/templates.mts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};
const STORES = ['woocommerce', 'shopify', 'magento2'];

/** `dist/nodes/X/Y.node.js` -> the name in the description of the class exported from `nodes/X/Y.node.ts`. */
async function describedName(distPath: string): Promise<string> {
	const source = path.join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const module = (await import(source)) as Record<string, new () => INodeType | ICredentialType>;
	// the node or credential class (a module may export helper functions too)
	const [Class] = Object.values(module).filter(
		(value) =>
			typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)),
	);
	const instance = new Class();
	return 'description' in instance ? instance.description.name : instance.name;
}

describe('marketplace registry', () => {
	it('is where the model, the rules node and the registry ids come from', () => {
		expect([...MARKETPLACES]).toEqual(MARKETPLACE_IDS);
		for (const id of MARKETPLACE_IDS) {
			expect(MARKETPLACE_REGISTRY[id].id).toBe(id);
			expect(TRACKING_REQUIREMENTS[id]).toEqual([...MARKETPLACE_REGISTRY[id].trackingRequired]);
		}
	});

	it('lists exactly the nodes and credentials package.json gives n8n (besides the rules node)', async () => {
		const nodeNames = await Promise.all(pkg.n8n.nodes.map(describedName));
		const credentialNames = await Promise.all(pkg.n8n.credentials.map(describedName));
		const available = shippedMarketplaces();
		expect(nodeNames.filter((name) => name !== 'marketplaceOrderSync').sort()).toEqual(
			available.flatMap((m) => [m.nodes.action, m.nodes.trigger]).sort(),
		);
		expect(credentialNames.sort()).toEqual(available.map((m) => m.credentialType).sort());
	});

	it('every shipped marketplace has an emulator; every available one a lifecycle template for every store', () => {
		for (const marketplace of shippedMarketplaces())
			expect(SERVICE_NAMES).toContain(marketplace.id);
		for (const marketplace of availableMarketplaces()) {
			expect(SERVICE_NAMES).toContain(marketplace.id);
			for (const store of STORES)
				expect(Object.keys(TEMPLATES)).toContain(`${marketplace.id}-${store}-lifecycle.json`);
		}
	});
});
