/**
 * The Spartoo emulator's state and rules: products with per-size stock, orders and their status machine (S-D1),
 * returns and theirs (S-D4), Spartoo's own later moves (a return accepted -> paid). Every refusal is a `SpartooCode`
 * with Spartoo's number; the handlers write it in the script's envelope.
 */
import {
	ORDER_STATUS_NAMES,
	ORDER_TRANSITIONS,
	RETURN_TRANSITIONS,
	SpartooCode,
	type SpartooOrder,
	type SpartooProduct,
	type SpartooReturn,
	type SpartooSize,
} from './model.mts';

export type SpartooSettings = {
	/** The deactivated-account switch: every call answers -428. */
	accountDeactivated: boolean;
	/** [unverified] Emulated hours after which Spartoo pays an accepted return (4 -> 5); 0 = never. */
	returnPaidAfterHours: number;
	/** [unverified] The largest quantity a size takes; above it (or negative, or not an integer): -16. */
	maxStockQuantity: number;
	/** [unverified] The longest `label_link` (-24 above it). */
	labelLinkMaxLength: number;
	/** Orders in status 11 that `POST /__admin/seed {}` adds. */
	defaultSeedOrders: number;
};

export const DEFAULT_SPARTOO_SETTINGS: SpartooSettings = {
	accountDeactivated: false,
	returnPaidAfterHours: 72,
	maxStockQuantity: 99_999,
	labelLinkMaxLength: 255,
	defaultSeedOrders: 3,
};

export interface SpartooCounters {
	/** Calls per script (refused and rate-limited ones included). */
	calls: Record<string, number>;
	/** Calls that carried the partner key in the URL (query string): the node must only send it in the body. */
	partnerKeyInQuery: number;
	/** Calls that used each spelling of the key and of the status. */
	spellings: Record<string, number>;
	quotaRefusals: number;
	stockSizesSet: number;
}

export interface SpartooSeedData {
	products: SpartooProduct[];
	orders: SpartooOrder[];
	returns: SpartooReturn[];
}

/** `label_file` of `xml_maj_returns`: absent, sent as a plain form field, or uploaded (multipart/form-data). */
export type LabelFileInput =
	| undefined
	| 'field'
	| { filename: string; contentType: string; size: number };

const MERCHANT_ORDER_STATUSES = Object.keys(ORDER_TRANSITIONS).map(Number);

export class SpartooStore {
	readonly products = new Map<string, SpartooProduct>();
	readonly orders = new Map<string, SpartooOrder>();
	readonly returns = new Map<string, SpartooReturn>();
	counters: SpartooCounters = SpartooStore.zeroCounters();

	constructor(readonly settings: SpartooSettings) {}

	private static zeroCounters(): SpartooCounters {
		return { calls: {}, partnerKeyInQuery: 0, spellings: {}, quotaRefusals: 0, stockSizesSet: 0 };
	}

	clear(): void {
		this.products.clear();
		this.orders.clear();
		this.returns.clear();
		this.counters = SpartooStore.zeroCounters();
	}

	load(data: SpartooSeedData): void {
		for (const p of data.products) this.products.set(p.reference, p);
		for (const o of data.orders) this.orders.set(o.id, o);
		for (const r of data.returns) this.returns.set(r.id, r);
	}

	/** Spartoo's own moves that are due: an accepted return is paid `returnPaidAfterHours` later. */
	tick(now: number): void {
		const hours = this.settings.returnPaidAfterHours;
		if (hours <= 0) return;
		for (const ret of this.returns.values()) {
			if (ret.status !== 4) continue;
			const acceptedAt = ret.history.findLast((h) => h.status === 4)?.at ?? ret.modifiedAt;
			const due = acceptedAt + hours * 3600_000;
			if (now >= due) this.moveReturn(ret, 5, due, 'spartoo');
		}
	}

	private moveReturn(
		ret: SpartooReturn,
		status: number,
		at: number,
		by: 'merchant' | 'spartoo',
	): void {
		ret.status = status;
		ret.modifiedAt = at;
		ret.history.push({ status, at, by });
	}

	// ------------------------------------------------------------------ orders

	/**
	 * `xml_maj_orders`: `statut` 2 / 3 (with `tracking_number`) / 41 / 45 / 47. -5 a missing or unknown value (the
	 * multi-parcel `xml` variant is not emulated: its schema is unknown), -6 no such order, -9 the same status, -7 a
	 * move the machine does not allow.
	 */
	updateOrder(
		orderId: string | undefined,
		statusValue: string | undefined,
		tracking: string | undefined,
		now: number,
	): SpartooOrder {
		if (orderId === undefined) throw new SpartooCode(-5, 'Paramètre oID manquant');
		if (statusValue === undefined) throw new SpartooCode(-5, 'Paramètre statut manquant');
		const status = Number(statusValue.trim());
		if (!/^\d+$/.test(statusValue.trim()) || !MERCHANT_ORDER_STATUSES.includes(status))
			throw new SpartooCode(-5, `Statut invalide: ${statusValue}`);
		if (status === 3 && tracking === undefined)
			throw new SpartooCode(-5, 'Paramètre tracking_number manquant');
		const order = this.orders.get(orderId.trim());
		if (!order) throw new SpartooCode(-6);
		if (order.status === status) throw new SpartooCode(-9);
		if (!(ORDER_TRANSITIONS[status] ?? []).includes(order.status))
			throw new SpartooCode(
				-7,
				`Erreur de chronologie: ${ORDER_STATUS_NAMES[order.status]} (${order.status}) -> ${status}`,
			);
		order.status = status;
		order.modifiedAt = now;
		if (status === 3) order.trackingNumber = tracking?.trim();
		order.history.push({ status, at: now, by: 'merchant' });
		return order;
	}

	// ------------------------------------------------------------------ returns

	/**
	 * `xml_maj_returns`: optional `status` 3 (refuse, only from 2) / 4 (accept, from 2 or 3), optional `label_link`.
	 * -5 nothing to do or an unknown status, -6 no such return, -9 same status, -7 chronology, -24 link too long, -25
	 * the same link, -22 a `label_file` that is a plain field (no file received), -23 an empty uploaded file.
	 */
	updateReturn(
		returnId: string | undefined,
		statusValue: string | undefined,
		labelLink: string | undefined,
		labelFile: LabelFileInput,
		now: number,
	): SpartooReturn {
		if (returnId === undefined) throw new SpartooCode(-5, 'Paramètre rID manquant');
		const ret = this.returns.get(returnId.trim());
		if (!ret) throw new SpartooCode(-6);
		// [unverified] which of -22 / -23 is which: a `label_file` that is no uploaded file -22, an empty upload -23
		if (labelFile === 'field') throw new SpartooCode(-22);
		if (typeof labelFile === 'object' && labelFile.size === 0) throw new SpartooCode(-23);
		let status: number | undefined;
		if (statusValue !== undefined) {
			status = Number(statusValue.trim());
			if (!/^\d+$/.test(statusValue.trim()) || !(status in RETURN_TRANSITIONS))
				throw new SpartooCode(-5, `Statut invalide: ${statusValue}`);
			if (ret.status === status) throw new SpartooCode(-9);
			if (!(RETURN_TRANSITIONS[status] ?? []).includes(ret.status))
				throw new SpartooCode(-7, `Erreur de chronologie: ${ret.status} -> ${status}`);
		}
		if (labelLink !== undefined) {
			if (labelLink.length > this.settings.labelLinkMaxLength) throw new SpartooCode(-24);
			if (labelLink === ret.labelLink) throw new SpartooCode(-25);
		}
		if (status === undefined && labelLink === undefined && labelFile === undefined)
			throw new SpartooCode(-5, 'Paramètre status manquant');
		if (labelLink !== undefined) {
			ret.labelLink = labelLink;
			ret.modifiedAt = now;
		}
		if (typeof labelFile === 'object') {
			ret.labelFile = {
				filename: labelFile.filename,
				contentType: labelFile.contentType,
				size: labelFile.size,
			};
			ret.modifiedAt = now;
		}
		if (status !== undefined) this.moveReturn(ret, status, now, 'merchant');
		return ret;
	}

	// ------------------------------------------------------------------ stock

	/** The size `sizeReference` of product `reference`; -14 when either is unknown. */
	findSize(reference: string, sizeReference: string): SpartooSize {
		const product = this.products.get(reference);
		const size = product?.sizes.find((s) => s.reference === sizeReference);
		if (!size) throw new SpartooCode(-14);
		return size;
	}

	/**
	 * Sets one size's stock: -20 for a size Spartoo no longer sells (its stock forced to 0), -16 a quantity it cannot
	 * take (not a whole number, negative, above `maxStockQuantity`), -18 unchanged, else 1.
	 */
	setSize(size: SpartooSize, quantityValue: string | undefined, now: number): number {
		if (!size.valid) {
			size.quantity = 0;
			size.updatedAt = now;
			return -20;
		}
		const text = quantityValue?.trim() ?? '';
		if (!/^\d+$/.test(text) || Number(text) > this.settings.maxStockQuantity) return -16;
		const quantity = Number(text);
		if (quantity === size.quantity) return -18;
		size.quantity = quantity;
		size.updatedAt = now;
		this.counters.stockSizesSet++;
		return 1;
	}

	/** Stock 0 on every size takes a product offline (S-D5b). */
	static online(product: SpartooProduct): boolean {
		return product.sizes.some((s) => s.valid && s.quantity > 0);
	}
}
