/**
 * The Spartoo emulator's data and vocabulary: statuses (provisioning XML, S-C1), the merchant's transitions (S-D1,
 * S-D4) and the answer codes (S-D1..S-D7), as in docs/spartoo-api.derived.md. Written here on their own (not imported
 * from the node), so the emulator checks the node instead of agreeing with it by construction.
 */

export const ORDER_STATUS_NAMES: Readonly<Record<number, string>> = {
	2: 'Preparation in progress',
	3: 'Order Shipped',
	11: 'Order Verified',
	41: 'Cancellation Confirmed',
	45: 'Parcel Lost',
	47: 'Parcel not delivered, returned to Spartoo',
};

/**
 * Target status -> the statuses it may follow (S-D1): 11 -> 2, 2 -> 3, any but 3/41 -> 41 (read strictly: 45 and 47
 * come after 3, so only 11 and 2), 3 -> 45, 3 -> 47. 45 and 47 are settable by the merchant [unverified: the doc's
 * parameter table names only 2, 3 and 41].
 */
export const ORDER_TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
	2: [11],
	3: [2],
	41: [11, 2],
	45: [3],
	47: [3],
};

export const RETURN_STATUS_NAMES: Readonly<Record<number, string>> = {
	2: 'Waiting to be received',
	3: 'Refused',
	4: 'Parcel received / return accepted',
	5: 'Paid',
	7: 'Refund',
};

/** Merchant transitions of a return (S-D4): refuse (3) only from 2, accept (4) from 2 or 3. 4 -> 5 is Spartoo's. */
export const RETURN_TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
	3: [2],
	4: [2, 3],
};

/** The answer codes (S-D1..S-D7); descriptions in Spartoo's language [unverified: the exact texts]. */
export const CODE_TEXT: Readonly<Record<number, string>> = {
	1: 'OK',
	[-1]: 'Paramètre partenaire manquant',
	[-2]: 'Partenaire inconnu',
	[-3]: 'Paramètre date, oID ou rID manquant ou invalide',
	[-5]: 'Paramètre manquant ou invalide',
	[-6]: 'Commande ou retour introuvable',
	[-7]: 'Erreur de chronologie des statuts',
	[-9]: 'Statut identique au statut actuel',
	[-11]: 'Paramètre xml manquant',
	[-12]: 'reference_partenaire manquante',
	[-13]: 'products_size_reference manquante',
	[-14]: 'Produit ou taille introuvable',
	[-15]: 'Erreur de syntaxe XML',
	[-16]: 'Impossible de mettre à jour cette quantité',
	[-18]: 'Quantité inchangée',
	[-20]: "Cette taille n'est plus valide, stock mis à 0",
	[-22]: 'Fichier non reçu',
	[-23]: 'Fichier non reçu',
	[-24]: 'Lien trop long',
	[-25]: 'Lien identique au précédent',
	[-428]: 'Compte désactivé',
	[-429]: "Trop d'appels sur l'heure en cours",
};

export function codeText(code: number): string {
	return CODE_TEXT[code] ?? 'Erreur';
}

/** A Spartoo answer code raised by a rule of the store (the handler writes it in the script's envelope). */
export class SpartooCode extends Error {
	constructor(
		readonly code: number,
		detail?: string,
	) {
		super(detail ?? codeText(code));
		this.name = 'SpartooCode';
	}
}

export interface SpartooSize {
	/** `size_reference` / `products_size_reference`: the partner's reference of this size (store SKU). */
	reference: string;
	/** `products_size` as shown to buyers (38, M, TU). */
	size: string;
	quantity: number;
	/** false: a size Spartoo no longer sells (an update answers -20 and forces its stock to 0). */
	valid: boolean;
	updatedAt: number;
}

export interface SpartooProduct {
	/** `reference_partenaire` / `products_reference`. */
	reference: string;
	/** `products_spartoo`: Spartoo's own product id. */
	spartooId: string;
	name: string;
	manufacturer: string;
	color: string;
	/** Price incl. tax. */
	price: number;
	sizes: SpartooSize[];
}

export interface SpartooPerson {
	firstname: string;
	lastname: string;
	company: string;
	street: string;
	suburb: string;
	city: string;
	postcode: string;
	state: string;
	country: string;
}

export interface SpartooRelay {
	id: string;
	type: string;
	name: string;
	address: string;
	city: string;
	postcode: string;
	countryIso: string;
}

export interface SpartooOrderLine {
	reference: string;
	sizeReference: string;
	name: string;
	qty: number;
	spartooId: string;
	manufacturer: string;
	size: string;
	color: string;
	priceUnit: number;
	priceUnitWithReduce: number;
}

export interface SpartooOrder {
	id: string;
	status: number;
	customer: SpartooPerson & { email: string; telephone: string };
	delivery: SpartooPerson;
	relay?: SpartooRelay;
	paymentMethod: string;
	paymentPrice: number;
	shippingPrice: number;
	shippingName: string;
	lines: SpartooOrderLine[];
	purchasedAt: number;
	modifiedAt: number;
	trackingNumber?: string;
	/** Every status the order went through, with when (emulator bookkeeping, `GET /__admin/state`). */
	history: Array<{ status: number; at: number; by: 'merchant' | 'spartoo' | 'seed' }>;
}

export interface SpartooReturn {
	id: string;
	orderId: string;
	status: number;
	reason: string;
	/** The one product of the return (S-D3: a return covers exactly one product). */
	line: SpartooOrderLine;
	createdAt: number;
	modifiedAt: number;
	labelLink?: string;
	/** A return label uploaded as `label_file` (multipart/form-data): Spartoo hosts it. */
	labelFile?: { filename: string; contentType: string; size: number };
	history: Array<{ status: number; at: number; by: 'merchant' | 'spartoo' | 'seed' }>;
}

export function orderTotal(order: SpartooOrder): number {
	const lines = order.lines.reduce((sum, l) => sum + l.priceUnitWithReduce * l.qty, 0);
	return Math.round((lines + order.shippingPrice + order.paymentPrice) * 100) / 100;
}

export const money = (n: number): string => n.toFixed(2);
