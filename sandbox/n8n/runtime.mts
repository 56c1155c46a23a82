/**
 * Where the pinned real n8n lives: resolved from the same variables as `scripts/env.sh` /
 * `scripts/provision-n8n.sh`, which stay the one place where versions are pinned.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface N8nRuntime {
	/** Pinned n8n version, e.g. `2.41.1`. */
	version: string;
	/** `$MPS_CACHE/n8n-<version>`: the npm prefix n8n is installed in. */
	installDir: string;
	/** `<installDir>/node_modules/n8n/bin/n8n` (a JS file, run with `nodeBin`). */
	n8nBin: string;
	/** The Node 24 binary n8n runs on. */
	nodeBin: string;
}

interface PinnedEnv {
	cache: string;
	n8nVersion: string;
	nodeHome: string;
}

function readPinnedEnv(): PinnedEnv {
	const { MPS_CACHE, MPS_N8N_VERSION, MPS_NODE_HOME } = process.env;
	if (MPS_CACHE && MPS_N8N_VERSION && MPS_NODE_HOME) {
		return { cache: MPS_CACHE, n8nVersion: MPS_N8N_VERSION, nodeHome: MPS_NODE_HOME };
	}
	// Not started through npm scripts / scripts/*.sh: ask scripts/env.sh itself (it provisions Node 24 if needed).
	const script =
		'source scripts/env.sh >&2 && printf "%s\\n%s\\n%s\\n" "$MPS_CACHE" "$MPS_N8N_VERSION" "$MPS_NODE_HOME"';
	const out = execFileSync('bash', ['-c', script], { cwd: REPO_ROOT, encoding: 'utf8' });
	const [cache, n8nVersion, nodeHome] = out.trim().split('\n');
	if (!cache || !n8nVersion || !nodeHome) {
		throw new Error(`scripts/env.sh did not define MPS_CACHE, MPS_N8N_VERSION and MPS_NODE_HOME`);
	}
	return { cache, n8nVersion, nodeHome };
}

let cached: N8nRuntime | undefined;

/**
 * The provisioned n8n. Throws with the command to run when it is missing or unfinished
 * (the marker file is written by scripts/provision-n8n.sh as its very last step).
 */
export function resolveN8nRuntime(): N8nRuntime {
	if (cached) return cached;
	const pinned = readPinnedEnv();
	const installDir = path.join(pinned.cache, `n8n-${pinned.n8nVersion}`);
	const n8nBin = path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(installDir, '.mps-provisioned');
	if (!existsSync(marker) || !existsSync(n8nBin)) {
		throw new Error(
			`n8n ${pinned.n8nVersion} is not provisioned in ${installDir}. Run: bash scripts/provision-n8n.sh`,
		);
	}
	if (!readFileSync(marker, 'utf8').startsWith(`n8n=${pinned.n8nVersion} `)) {
		throw new Error(`${marker} is stale. Run: bash scripts/provision-n8n.sh`);
	}
	const nodeBin = path.join(pinned.nodeHome, 'bin', 'node');
	if (!existsSync(nodeBin)) {
		throw new Error(`Node 24 is missing at ${nodeBin}. Run: source scripts/env.sh`);
	}
	cached = { version: pinned.n8nVersion, installDir, n8nBin, nodeBin };
	return cached;
}
