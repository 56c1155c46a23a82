/**
 * The n8n editor in headless Chromium (Debian's `chromium`), driven through the DevTools protocol: what
 * `scripts/render-templates.mts`, `scripts/render-panels.mts` and `test/e2e/editor-panel.e2e.test.mts` share.
 *
 *   const editor = await EditorBrowser.open(server, { width: 1600, height: 1000 });
 *   await editor.goto(`/workflow/${id}/${nodeId}`);      // n8n opens the node's panel (NDV) from the URL
 *   await editor.waitForSelector('[data-test-id="ndv"]');
 *   await editor.click('[data-test-id="parameter-input-operation"]');  // a real mouse click at the element
 *   await editor.screenshot(file, await editor.rect('[data-test-id="ndv"]'));
 *   await editor.close();
 *
 * Chromium: /usr/bin/chromium or CHROMIUM=<path>; `chromiumPath({ install: true })` runs `apt-get install chromium`
 * when it is missing and we are root on Debian. Only loopback connections; the profile is a throwaway folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

import { freePort } from './environment.mts';
import type { N8nServer } from './server.mts';
import { sleep, waitFor } from './timers.mts';

/** The browser id the editor's session is bound to (n8n ties its auth cookie to the browser id it logged in with). */
const BROWSER_ID = 'mps-browser';

export interface Viewport {
	width: number;
	height: number;
}

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * The Chromium to run: `CHROMIUM` or /usr/bin/chromium. Missing: with `install`, as root on Debian,
 * `apt-get install chromium` (what scripts/provision-services.sh does in CI); else an error saying how to get it.
 */
export function chromiumPath(options: { install?: boolean } = {}): string {
	const executable = process.env.CHROMIUM ?? '/usr/bin/chromium';
	if (existsSync(executable)) return executable;
	if (process.env.CHROMIUM) throw new Error(`CHROMIUM=${executable} does not exist`);
	if (!options.install || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		throw new Error(
			'Chromium is missing: install it (Debian: sudo apt-get install -y chromium, or bash scripts/provision-services.sh) or set CHROMIUM=<path to chromium>',
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
	return executable;
}

/** A minimal DevTools-protocol client over one page's WebSocket. */
export class DevToolsPage {
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
		socket.addEventListener('close', () => {
			for (const waiting of this.pending.values())
				waiting.reject(new Error('the DevTools connection closed'));
			this.pending.clear();
		});
	}

	static async connect(url: string): Promise<DevToolsPage> {
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), {
				once: true,
			});
		});
		return new DevToolsPage(socket);
	}

	async send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.next++;
		const result = new Promise<unknown>((resolve, reject) =>
			this.pending.set(id, { resolve, reject }),
		);
		this.socket.send(JSON.stringify({ id, method, params }));
		return (await result) as T;
	}

	/** Evaluates `expression` in the page (promises awaited) and returns its value; a thrown error rejects. */
	async evaluate<T>(expression: string): Promise<T> {
		const { result, exceptionDetails } = await this.send<{
			result: { value: T };
			exceptionDetails?: { text: string; exception?: { description?: string } };
		}>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
		if (exceptionDetails) {
			throw new Error(
				`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
			);
		}
		return result.value;
	}

	close(): void {
		this.socket.close();
	}
}

/** Logs the owner in for a browser (`browser-id` header) and returns the `n8n-auth` cookie's value. */
async function login(server: N8nServer): Promise<string> {
	const response = await fetch(`${server.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({
			emailOrLdapLoginId: server.owner.email,
			password: server.owner.password,
		}),
	});
	const cookie = response.headers
		.getSetCookie()
		.map((entry) => entry.split(';')[0])
		.find((entry) => entry.startsWith('n8n-auth='));
	await response.body?.cancel();
	if (!response.ok || !cookie) throw new Error(`login -> ${response.status}`);
	return cookie.slice('n8n-auth='.length);
}

/** JavaScript for the page: the element `selector` names, or a thrown error. */
function element(selector: string): string {
	return `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error('no element ' + ${JSON.stringify(selector)}); return el; })()`;
}

/** Headless Chromium on the editor of a running n8n, signed in as its owner. */
export class EditorBrowser {
	private constructor(
		readonly page: DevToolsPage,
		readonly server: N8nServer,
		readonly viewport: Viewport,
		/** Chromium's DevTools port (loopback), e.g. to look at the page from another DevTools client while debugging. */
		readonly debuggingPort: number,
		private readonly browser: ChildProcess,
		private readonly profile: string,
	) {}

	/** Starts Chromium (its own process group, a throwaway profile), signs in and opens the editor's start page. */
	static async open(
		server: N8nServer,
		viewport: Viewport,
		options: { install?: boolean } = {},
	): Promise<EditorBrowser> {
		const executable = chromiumPath(options);
		const token = await login(server);
		const profile = await mkdtemp(path.join(os.tmpdir(), 'mps-chromium-'));
		const port = await freePort();
		const browser = spawn(
			executable,
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
				'--font-render-hinting=none',
				`--user-data-dir=${profile}`,
				`--remote-debugging-port=${port}`,
				`--window-size=${viewport.width},${viewport.height}`,
				'about:blank',
			],
			{ stdio: 'ignore', detached: true },
		);
		let editor: EditorBrowser | undefined;
		try {
			const target = await waitFor(
				'chromium',
				async () => {
					if (browser.exitCode !== null) throw new Error(`chromium exited (${browser.exitCode})`);
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
			const page = await DevToolsPage.connect(target.webSocketDebuggerUrl);
			editor = new EditorBrowser(page, server, viewport, port, browser, profile);
			await page.send('Network.enable');
			await page.send('Page.enable');
			await page.send('Network.setCookie', {
				name: 'n8n-auth',
				value: token,
				url: server.url,
				path: '/',
			});
			await page.send('Emulation.setDeviceMetricsOverride', {
				...viewport,
				deviceScaleFactor: 1,
				mobile: false,
			});
			// n8n binds its auth cookie to the browser id the editor keeps in localStorage: use the one we logged in with
			await page.send('Page.navigate', { url: `${server.url}/signin` });
			await sleep(1_000);
			await page.evaluate(`localStorage.setItem('n8n-browserId', '${BROWSER_ID}')`);
			return editor;
		} catch (error) {
			if (editor) await editor.close();
			else {
				stopGroup(browser);
				await rm(profile, { recursive: true, force: true });
			}
			throw error;
		}
	}

	/** Navigates to an editor path (`/workflow/<id>`, `/home/credentials/<id>`, ...). */
	async goto(editorPath: string): Promise<void> {
		await this.page.send('Page.navigate', { url: `${this.server.url}${editorPath}` });
	}

	async evaluate<T>(expression: string): Promise<T> {
		return await this.page.evaluate<T>(expression);
	}

	/** Number of elements `selector` matches that are shown (laid out, not hidden). */
	async countVisible(selector: string): Promise<number> {
		return await this.evaluate<number>(
			`[...document.querySelectorAll(${JSON.stringify(selector)})].filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden').length`,
		);
	}

	/** Waits until `selector` matches at least `count` shown elements; on timeout the error says what the page shows. */
	async waitForSelector(selector: string, timeoutMs = 60_000, count = 1): Promise<void> {
		try {
			await waitFor(
				selector,
				async () => ((await this.countVisible(selector)) >= count ? true : undefined),
				timeoutMs,
				250,
			);
		} catch (error) {
			throw new Error(`${(error as Error).message}; ${await this.describe()}`);
		}
	}

	/** The shown texts of the elements `selector` matches, trimmed, in document order. */
	async texts(selector: string): Promise<string[]> {
		return await this.evaluate<string[]>(
			`[...document.querySelectorAll(${JSON.stringify(selector)})].filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden').map((el) => el.innerText.trim())`,
		);
	}

	/** The element's box in CSS pixels of the viewport, after scrolling it into view. */
	async rect(selector: string): Promise<Rect> {
		return await this.evaluate<Rect>(
			`(() => { const el = ${element(selector)}; el.scrollIntoView({ block: 'nearest', inline: 'nearest' }); const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
		);
	}

	/** A left click at the centre of the element, as a mouse does it (move, press, release). */
	async click(selector: string): Promise<void> {
		const box = await this.rect(selector);
		const x = box.x + box.width / 2;
		const y = box.y + box.height / 2;
		await this.page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
		await this.page.send('Input.dispatchMouseEvent', {
			type: 'mousePressed',
			x,
			y,
			button: 'left',
			buttons: 1,
			clickCount: 1,
		});
		await this.page.send('Input.dispatchMouseEvent', {
			type: 'mouseReleased',
			x,
			y,
			button: 'left',
			buttons: 0,
			clickCount: 1,
		});
	}

	/** A mouse drag with the left button, from one point to another (in steps, as a hand moves). */
	async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
		const mouse = async (type: string, x: number, y: number, buttons: number) =>
			await this.page.send('Input.dispatchMouseEvent', {
				type,
				x,
				y,
				button: 'left',
				buttons,
				clickCount: type === 'mouseMoved' ? 0 : 1,
			});
		await mouse('mouseMoved', from.x, from.y, 0);
		await mouse('mousePressed', from.x, from.y, 1);
		const steps = 10;
		for (let step = 1; step <= steps; step++) {
			await mouse(
				'mouseMoved',
				from.x + ((to.x - from.x) * step) / steps,
				from.y + ((to.y - from.y) * step) / steps,
				1,
			);
		}
		await mouse('mouseReleased', to.x, to.y, 0);
	}

	/** A key press (`key` as in KeyboardEvent.key, e.g. `Escape`, `1`). */
	async press(key: string, code = key, text?: string): Promise<void> {
		await this.page.send('Input.dispatchKeyEvent', {
			type: 'keyDown',
			key,
			code,
			...(text ? { text } : {}),
		});
		await this.page.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code });
	}

	/** Types `text` into the focused element, as the keyboard would (one input event per character). */
	async type(text: string): Promise<void> {
		for (const character of text) {
			await this.page.send('Input.dispatchKeyEvent', {
				type: 'keyDown',
				key: character,
				text: character,
			});
			await this.page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: character });
		}
	}

	/** A PNG of the viewport, or of `clip` (CSS pixels, clamped to the viewport), written to `file`. */
	async screenshot(file: string, clip?: Rect): Promise<void> {
		const params: Record<string, unknown> = { format: 'png' };
		if (clip) {
			const x = Math.max(0, Math.floor(clip.x));
			const y = Math.max(0, Math.floor(clip.y));
			params.clip = {
				x,
				y,
				width: Math.min(this.viewport.width - x, Math.ceil(clip.width)),
				height: Math.min(this.viewport.height - y, Math.ceil(clip.height)),
				scale: 1,
			};
		}
		const { data } = await this.page.send<{ data: string }>('Page.captureScreenshot', params);
		await writeFile(file, Buffer.from(data, 'base64'));
	}

	/**
	 * A PNG of regions of the viewport (CSS pixels) stacked top to bottom, left-aligned, e.g. a dialog's title bar above
	 * one of its columns. Cut from one capture of the viewport, in the page's canvas.
	 */
	async screenshotStack(file: string, regions: Rect[]): Promise<void> {
		const { data } = await this.page.send<{ data: string }>('Page.captureScreenshot', {
			format: 'png',
		});
		const boxes = regions.map((region) => ({
			x: Math.max(0, Math.floor(region.x)),
			y: Math.max(0, Math.floor(region.y)),
			width: Math.ceil(region.width),
			height: Math.ceil(region.height),
		}));
		const png = await this.evaluate<string>(`(async () => {
			const image = new Image();
			image.src = 'data:image/png;base64,${data}';
			await image.decode();
			const boxes = ${JSON.stringify(boxes)};
			const canvas = document.createElement('canvas');
			canvas.width = Math.max(...boxes.map((box) => box.width));
			canvas.height = boxes.reduce((sum, box) => sum + box.height, 0);
			const context = canvas.getContext('2d');
			let top = 0;
			for (const box of boxes) {
				context.drawImage(image, box.x, box.y, box.width, box.height, 0, top, box.width, box.height);
				top += box.height;
			}
			return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
		})()`);
		await writeFile(file, Buffer.from(png, 'base64'));
	}

	/** What the page shows (URL, title, the start of its text), and a screenshot in the temp folder: for errors. */
	async describe(): Promise<string> {
		const file = path.join(os.tmpdir(), `mps-browser-failed-${process.pid}.png`);
		try {
			await this.screenshot(file);
			const seen = await this.evaluate<string>(
				`location.href + ' | ' + document.title + ' | ' + document.body.innerText.slice(0, 300).replace(/\\s+/g, ' ')`,
			);
			return `the page shows: ${seen} (screenshot: ${file})`;
		} catch (error) {
			return `the page cannot be read: ${(error as Error).message}`;
		}
	}

	/** Stops Chromium (its whole process group) and deletes its profile. */
	async close(): Promise<void> {
		this.page.close();
		stopGroup(this.browser);
		await waitFor(
			'chromium to exit',
			async () =>
				this.browser.exitCode !== null || this.browser.signalCode !== null ? true : undefined,
			10_000,
			100,
		).catch(() => stopGroup(this.browser, 'SIGKILL'));
		await rm(this.profile, { recursive: true, force: true });
	}
}

/** A signal (default SIGTERM) to the process group of a Chromium we started (detached: its own group). */
function stopGroup(browser: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
	if (browser.pid === undefined || browser.exitCode !== null) return;
	try {
		process.kill(-browser.pid, signal);
	} catch {
		// already gone
	}
}
