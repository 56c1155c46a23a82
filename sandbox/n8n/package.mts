/**
 * The community package under test: what it declares (package.json `n8n.nodes` / `n8n.credentials` and the
 * built classes' names) and how it gets into an n8n user folder, the way a real install lays it out.
 */
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PackageNodeType {
	/** `dist/...node.js`, as listed in package.json. */
	file: string;
	/** `description.name` of the built class, e.g. `bolRetailer`. */
	name: string;
	/** The workflow node type once installed: `<package name>.<name>`. */
	type: string;
	displayName: string;
	/** Every typeVersion the node accepts; a workflow should use the last one. */
	versions: number[];
	/** Credential types the node accepts. */
	credentials: string[];
	isTrigger: boolean;
}

export interface PackageCredentialType {
	file: string;
	/** The credential type name (credential types carry no package prefix). */
	name: string;
	displayName: string;
}

export interface PackageManifest {
	dir: string;
	name: string;
	version: string;
	nodes: PackageNodeType[];
	credentials: PackageCredentialType[];
}

interface PackageJson {
	name?: unknown;
	version?: unknown;
	n8n?: { nodes?: unknown; credentials?: unknown };
}

interface NodeClassInstance {
	description?: {
		name?: unknown;
		displayName?: unknown;
		group?: unknown;
		polling?: unknown;
		version?: unknown;
		defaultVersion?: unknown;
		credentials?: unknown;
	};
	nodeVersions?: Record<string, unknown>;
}

interface CredentialClassInstance {
	name?: unknown;
	displayName?: unknown;
}

function stringList(value: unknown, field: string): string[] {
	if (value === undefined) return [];
	if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
		throw new Error(`package.json ${field} must be an array of file paths`);
	}
	return value as string[];
}

/**
 * Loads a built class the way n8n's DirectoryLoader does: the class named like the file
 * (`BolRetailer.node.js` -> export `BolRetailer`), instantiated without arguments.
 */
function instantiate(packageDir: string, file: string): unknown {
	const filePath = path.join(packageDir, file);
	const className = path.basename(file).split('.')[0];
	const load = createRequire(path.join(packageDir, 'package.json'));
	let moduleExports: Record<string, unknown>;
	try {
		moduleExports = load(filePath) as Record<string, unknown>;
	} catch (error) {
		throw new Error(`cannot load ${file} (did the build run?): ${(error as Error).message}`);
	}
	const Class = moduleExports[className];
	if (typeof Class !== 'function') {
		throw new Error(`${file} does not export a class named ${className}; n8n would not load it`);
	}
	return new (Class as new () => unknown)();
}

/** `description.version` (a number or a list), or the keys of a VersionedNodeType's `nodeVersions`. */
function nodeVersions(instance: NodeClassInstance): number[] {
	if (instance.nodeVersions)
		return Object.keys(instance.nodeVersions)
			.map(Number)
			.sort((a, b) => a - b);
	const version = instance.description?.version;
	if (Array.isArray(version)) return version.map(Number);
	return [typeof version === 'number' ? version : 1];
}

export async function readPackageManifest(packageDir: string): Promise<PackageManifest> {
	const raw = JSON.parse(
		await readFile(path.join(packageDir, 'package.json'), 'utf8'),
	) as PackageJson;
	if (typeof raw.name !== 'string' || typeof raw.version !== 'string') {
		throw new Error(`${packageDir}/package.json has no name or version`);
	}
	const packageName = raw.name;
	const nodes = stringList(raw.n8n?.nodes, 'n8n.nodes').map((file): PackageNodeType => {
		const instance = instantiate(packageDir, file) as NodeClassInstance;
		const description = instance.description;
		if (typeof description?.name !== 'string')
			throw new Error(`${file}: description.name is missing`);
		const group = Array.isArray(description.group) ? (description.group as unknown[]) : [];
		return {
			file,
			name: description.name,
			type: `${packageName}.${description.name}`,
			displayName: String(description.displayName ?? description.name),
			versions: nodeVersions(instance),
			credentials: (Array.isArray(description.credentials) ? description.credentials : [])
				.map((entry: { name?: unknown }) => entry.name)
				.filter((name): name is string => typeof name === 'string'),
			isTrigger: group.includes('trigger') || description.polling === true,
		};
	});
	const credentials = stringList(raw.n8n?.credentials, 'n8n.credentials').map(
		(file): PackageCredentialType => {
			const instance = instantiate(packageDir, file) as CredentialClassInstance;
			if (typeof instance.name !== 'string') throw new Error(`${file}: name is missing`);
			return {
				file,
				name: instance.name,
				displayName: String(instance.displayName ?? instance.name),
			};
		},
	);
	return { dir: packageDir, name: packageName, version: raw.version, nodes, credentials };
}

/**
 * Installs the built package into `<userFolder>/.n8n/nodes/node_modules/<name>/` (package.json + dist/),
 * which is where n8n keeps community packages; its node types are then `<name>.<nodeName>`.
 */
export async function installPackage(
	userFolder: string,
	manifest: PackageManifest,
): Promise<string> {
	const dist = path.join(manifest.dir, 'dist');
	const distStat = await stat(dist).catch(() => undefined);
	if (!distStat?.isDirectory()) {
		throw new Error(`${dist} does not exist: build the package first (npm run build)`);
	}
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', manifest.name);
	await rm(target, { recursive: true, force: true });
	await mkdir(target, { recursive: true });
	await cp(path.join(manifest.dir, 'package.json'), path.join(target, 'package.json'));
	await cp(dist, path.join(target, 'dist'), { recursive: true });
	return target;
}
