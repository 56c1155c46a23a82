/**
 * Renders a PNG of every workflow template as the real n8n editor draws it: the pinned n8n (scripts/provision-n8n.sh)
 * with this package installed, every template imported, the editor opened in headless Chromium (Debian's `chromium`)
 * through the DevTools protocol, the canvas fitted to the view and captured.
 *
 *   npm run render:templates            # writes docs/templates/<template>.png (the README shows them)
 *
 * Needs `npm run build` (the package) and Chromium: /usr/bin/chromium or CHROMIUM=<path>; when it is missing and we
 * run as root on Debian, `apt-get install chromium` is run. Only loopback connections.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import {
	freePort,
	N8nInstance,
	readTemplates,
	REPO_ROOT,
	sleep,
	waitFor,
} from '../sandbox/n8n/index.mts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'templates');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 2400, height: 1500 };
const BROWSER_ID = 'mps-render';

/** A minimal DevTools-protocol client over the page's WebSocket. */
class Page {
	private next = 1;
	private readonly pending = new Map<
		number,
		{ resolve: (value: unknown) => void; reject: (error: Error) => void }
	>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as {
				id?: number;
				result?: unknown;
				error?: { message: string };
			};
			if (message.id === undefined) return;
			const waiting = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (message.error) waiting?.reject(new Error(message.error.message));
			else waiting?.resolve(message.result);
		});
	}

	static async connect(url: string): Promise<Page> {
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), {
				once: true,
			});
		});
		return new Page(socket);
	}

	async send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.next++;
		const result = new Promise<unknown>((resolve, reject) =>
			this.pending.set(id, { resolve, reject }),
		);
		this.socket.send(JSON.stringify({ id, method, params }));
		return (await result) as T;
	}

	async evaluate<T>(expression: string): Promise<T> {
		const { result } = await this.send<{ result: { value: T } }>('Runtime.evaluate', {
			expression,
			returnByValue: true,
			awaitPromise: true,
		});
		return result.value;
	}

	close(): void {
		this.socket.close();
	}
}

async function login(url: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	const cookie = response.headers
		.getSetCookie()
		.map((entry) => entry.split(';')[0])
		.find((entry) => entry.startsWith('n8n-auth='));
	if (!response.ok || !cookie) throw new Error(`login -> ${response.status}`);
	return cookie.slice('n8n-auth='.length);
}

/** Chromium, installed from Debian when missing (root only). */
function chromium(): string {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	if (process.env.CHROMIUM) throw new Error(`CHROMIUM=${CHROMIUM} does not exist`);
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		throw new Error(
			'Chromium is missing: install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM=<path to chromium>',
		);
	}
	console.log('installing chromium (apt-get) ...');
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
	]) {
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
	}
	return CHROMIUM;
}

async function main(): Promise<void> {
	const browserPath = chromium();
	const templates = await readTemplates();
	const instance = await N8nInstance.create({ packageDir: REPO_ROOT });
	const profile = await mkdtemp(path.join(os.tmpdir(), 'mps-render-chromium-'));
	let browser: ReturnType<typeof spawn> | undefined;
	try {
		for (const template of templates) await instance.importWorkflowFile(template.file);
		const server = await instance.start();
		const token = await login(server.url, server.owner.email, server.owner.password);
		const port = await freePort();
		browser = spawn(
			browserPath,
			[
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--hide-scrollbars',
				`--user-data-dir=${profile}`,
				`--remote-debugging-port=${port}`,
				`--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
				'about:blank',
			],
			{ stdio: 'ignore' },
		);
		const target = await waitFor(
			'chromium',
			async () => {
				const list = (await fetch(`http://127.0.0.1:${port}/json`)
					.then((r) => r.json())
					.catch(() => undefined)) as
					| Array<{ type: string; webSocketDebuggerUrl: string }>
					| undefined;
				return list?.find((entry) => entry.type === 'page');
			},
			30_000,
			250,
		);
		const page = await Page.connect(target.webSocketDebuggerUrl);
		await page.send('Network.enable');
		await page.send('Network.setCookie', {
			name: 'n8n-auth',
			value: token,
			url: server.url,
			path: '/',
		});
		await page.send('Emulation.setDeviceMetricsOverride', {
			...VIEWPORT,
			deviceScaleFactor: 1,
			mobile: false,
		});
		// n8n binds its auth cookie to the browser id the editor keeps in localStorage: use the one we logged in with
		await page.send('Page.navigate', { url: `${server.url}/signin` });
		await sleep(1_000);
		await page.evaluate(`localStorage.setItem('n8n-browserId', '${BROWSER_ID}')`);
		for (const template of templates) {
			for (const workflow of template.workflows) {
				await page.send('Page.navigate', { url: `${server.url}/workflow/${workflow.id}` });
				const nodes = workflow.nodes.filter(
					(node) => node.type !== 'n8n-nodes-base.stickyNote',
				).length;
				try {
					await waitFor(
						`the canvas of ${template.relative}`,
						async () =>
							(await page.evaluate<number>(
								`document.querySelectorAll('[data-test-id="canvas-node"]').length`,
							)) >= nodes
								? true
								: undefined,
						60_000,
						500,
					);
				} catch (error) {
					const { data } = await page.send<{ data: string }>('Page.captureScreenshot', {
						format: 'png',
					});
					await writeFile(
						path.join(os.tmpdir(), 'mps-render-failed.png'),
						Buffer.from(data, 'base64'),
					);
					const seen = await page.evaluate<string>(
						`location.href + ' | ' + document.title + ' | ' + document.body.innerText.slice(0, 300)`,
					);
					throw new Error(
						`${(error as Error).message}; the page shows: ${seen} (screenshot: ${path.join(os.tmpdir(), 'mps-render-failed.png')})`,
					);
				}
				// fit the whole workflow into the view (n8n's "zoom to fit", key 1), then let the canvas settle
				await page.evaluate(
					`document.querySelector('[data-test-id="canvas-wrapper"], .vue-flow')?.dispatchEvent(new MouseEvent('click', { bubbles: true }))`,
				);
				await page.send('Input.dispatchKeyEvent', {
					type: 'keyDown',
					key: '1',
					code: 'Digit1',
					text: '1',
				});
				await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: '1', code: 'Digit1' });
				await sleep(1_500);
				const { data } = await page.send<{ data: string }>('Page.captureScreenshot', {
					format: 'png',
				});
				const file = path.join(OUT, template.relative.replace(/\.json$/, '.png'));
				await writeFile(file, Buffer.from(data, 'base64'));
				console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
			}
		}
		page.close();
	} finally {
		browser?.kill('SIGTERM');
		await instance.dispose();
		await rm(profile, { recursive: true, force: true });
	}
}

await main();
