/**
 * The marketplace registry: one entry per marketplace, read by the rules node (names, tracking requirements,
 * acceptance step), the normalized model (`MarketplaceId`), and the tooling (emulator credentials, templates, bench,
 * README tables) instead of lists kept by hand in many files. A new marketplace adds its entry here and nothing else
 * outside its own folders (docs/ARCHITECTURE.md, "Adding a marketplace").
 *
 * `status: 'planned'` entries are known to the rules node (a flow may already carry their orders through it) but have
 * no node, credential or emulator yet. `status: 'preview'`: the credential, node, trigger and emulator ship (n8n
 * loads them), the lifecycle templates do not yet, or they rest on payloads no public source confirms (Miinto: all
 * three templates ship, the shapes in nodes/Miinto/unverified.ts are unverified). `status: 'available'`: all of it,
 * templates included, on documented payloads.
 */

/** What a shipment needs before the marketplace takes it. */
export type TrackingField = 'trackingCode' | 'returnTrackingCode';

export interface MarketplaceEntry {
	/** The `marketplace` value of the normalized order and return. */
	id: string;
	/** Shown to users ("Bol.com"). */
	title: string;
	status: 'available' | 'preview' | 'planned';
	/** n8n credential type name. */
	credentialType: string;
	/** n8n node type names (without the package prefix). */
	nodes: { action: string; trigger: string };
	/**
	 * Does the merchant accept (or decline) an order before shipping it? Bol and Amazon: no (an order is to be shipped
	 * once it is visible); Zalando: export with the merchant's order id; Miinto: accept/decline positions of a transfer;
	 * Spartoo: accept (status 11 -> 2).
	 */
	acceptanceStep: boolean;
	/** What a shipment must carry (Zalando: tracking and return tracking; the others: tracking). */
	trackingRequired: TrackingField[];
	/** The marketplace's own words for who ships: merchant-fulfilled and marketplace-fulfilled lines. */
	fulfilment: { merchant: string; marketplace: string | null };
}

export const MARKETPLACE_REGISTRY = {
	bol: {
		id: 'bol',
		title: 'Bol.com',
		status: 'available',
		credentialType: 'bolRetailerApi',
		nodes: { action: 'bolRetailer', trigger: 'bolRetailerTrigger' },
		acceptanceStep: false,
		trackingRequired: ['trackingCode'],
		fulfilment: { merchant: 'FBR', marketplace: 'FBB' },
	},
	amazon: {
		id: 'amazon',
		title: 'Amazon',
		status: 'available',
		credentialType: 'amazonSellingPartnerApi',
		nodes: { action: 'amazonSellingPartner', trigger: 'amazonSellingPartnerTrigger' },
		acceptanceStep: false,
		trackingRequired: ['trackingCode'],
		fulfilment: { merchant: 'MFN', marketplace: 'AFN' },
	},
	zalando: {
		id: 'zalando',
		title: 'Zalando',
		status: 'available',
		credentialType: 'zalandoZDirectApi',
		nodes: { action: 'zalandoZDirect', trigger: 'zalandoZDirectTrigger' },
		acceptanceStep: true,
		trackingRequired: ['trackingCode', 'returnTrackingCode'],
		fulfilment: { merchant: 'PartnerFulfilled', marketplace: 'ZalandoFulfilled' },
	},
	miinto: {
		id: 'miinto',
		title: 'Miinto',
		status: 'preview',
		credentialType: 'miintoApi',
		nodes: { action: 'miinto', trigger: 'miintoTrigger' },
		acceptanceStep: true,
		// Miinto's shipping payload is not public: a tracking code is asked for as with the others (unverified)
		trackingRequired: ['trackingCode'],
		fulfilment: { merchant: 'merchant', marketplace: null },
	},
	spartoo: {
		id: 'spartoo',
		title: 'Spartoo',
		status: 'preview',
		credentialType: 'spartooApi',
		nodes: { action: 'spartoo', trigger: 'spartooTrigger' },
		acceptanceStep: true,
		trackingRequired: ['trackingCode'],
		fulfilment: { merchant: 'merchant', marketplace: null },
	},
} as const satisfies Record<string, MarketplaceEntry>;

export type MarketplaceId = keyof typeof MARKETPLACE_REGISTRY;

/** Every marketplace id, in registry order. */
export const MARKETPLACE_IDS = Object.keys(MARKETPLACE_REGISTRY) as MarketplaceId[];

/** The entries with lifecycle templates for every store. */
export function availableMarketplaces(): MarketplaceEntry[] {
	return Object.values<MarketplaceEntry>(MARKETPLACE_REGISTRY).filter(
		(m) => m.status === 'available',
	);
}

/** The entries a user can connect to today: their credential, node and trigger ship ('available' and 'preview'). */
export function shippedMarketplaces(): MarketplaceEntry[] {
	return Object.values<MarketplaceEntry>(MARKETPLACE_REGISTRY).filter(
		(m) => m.status !== 'planned',
	);
}

export function marketplaceEntry(id: MarketplaceId): MarketplaceEntry {
	return MARKETPLACE_REGISTRY[id];
}
