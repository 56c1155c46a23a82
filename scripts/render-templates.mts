/**
 * Renders a PNG of every workflow template as the real n8n editor draws it: the pinned n8n (scripts/provision-n8n.sh)
 * with this package installed, every template imported, the editor opened in headless Chromium (Debian's `chromium`)
 * through the DevTools protocol (sandbox/n8n/browser.mts, shared with scripts/render-panels.mts), the canvas fitted
 * to the view and captured.
 *
 *   npm run render:templates                      # writes docs/templates/<template>.png (the README shows them)
 *   RENDER_OUT=/tmp/t npm run render:templates    # writes them into /tmp/t instead
 *   RENDER_ONLY=miinto npm run render:templates # only the templates whose file name contains "miinto"
 *
 * Needs `npm run build` (the package) and Chromium: /usr/bin/chromium or CHROMIUM=<path>; when it is missing and we
 * run as root on Debian, `apt-get install chromium` is run. Only loopback connections.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { EditorBrowser } from '../sandbox/n8n/browser.mts';
import { N8nInstance, readTemplates, REPO_ROOT, sleep } from '../sandbox/n8n/index.mts';

const OUT = process.env.RENDER_OUT
	? path.resolve(process.env.RENDER_OUT)
	: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'templates');
const VIEWPORT = { width: 2400, height: 1500 };

async function main(): Promise<void> {
	// RENDER_ONLY=<part of a file name>: only those templates (e.g. RENDER_ONLY=miinto)
	const only = process.env.RENDER_ONLY;
	const templates = (await readTemplates()).filter((t) => !only || t.relative.includes(only));
	const instance = await N8nInstance.create({ packageDir: REPO_ROOT });
	let editor: EditorBrowser | undefined;
	try {
		for (const template of templates) await instance.importWorkflowFile(template.file);
		const server = await instance.start();
		editor = await EditorBrowser.open(server, VIEWPORT, { install: true });
		for (const template of templates) {
			for (const workflow of template.workflows) {
				await editor.goto(`/workflow/${workflow.id}`);
				const nodes = workflow.nodes.filter(
					(node) => node.type !== 'n8n-nodes-base.stickyNote',
				).length;
				await editor.waitForSelector('[data-test-id="canvas-node"]', 60_000, nodes);
				// fit the whole workflow into the view (n8n's "zoom to fit", key 1), then let the canvas settle
				await editor.evaluate(
					`document.querySelector('[data-test-id="canvas-wrapper"], .vue-flow')?.dispatchEvent(new MouseEvent('click', { bubbles: true }))`,
				);
				await editor.press('1', 'Digit1', '1');
				await sleep(1_500);
				const file = path.join(OUT, template.relative.replace(/\.json$/, '.png'));
				await mkdir(path.dirname(file), { recursive: true });
				await editor.screenshot(file);
				console.log(`wrote ${path.relative(process.cwd(), file)}`);
			}
		}
	} finally {
		await editor?.close();
		await instance.dispose();
	}
}

await main();
