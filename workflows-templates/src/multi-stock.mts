/**
 * One store's stock -> every marketplace with a node (the registry's shipped marketplaces: Bol.com, Amazon, Zalando,
 * Miinto, Spartoo), each in one batch per run. A marketplace is switched off in Settings (`<id>Enabled`: `bolEnabled`,
 * `amazonEnabled`, ...); its credential is then never used. Preview marketplaces (Miinto, Spartoo) are off by default:
 * Miinto until its shop is set, Spartoo until you switch it on. Each marketplace's part is its `stockTemplate` and
 * `stock` in its MarketplaceLanes, each store's its `stockTemplate` in its StoreLanes (see lanes.mts).
 */
import type { StockMarketplace, StoreLanes } from './lanes.mts';
import { Lifecycle } from './lifecycle.mts';
import {
	TEST_MODE_NOTE,
	TEST_MODE_SETTING,
	ifNode,
	isTrue,
	setting,
	type Fields,
} from './nodes.mts';

const S = setting;

/** The Settings note line of the marketplaces' switches (those whose own note lines do not describe theirs). */
function switchesNote(marketplaces: StockMarketplace[]): string {
	const listed = marketplaces.filter(
		(m) => !m.stockTemplate.settingsNote.startsWith(`- **${m.entry.id}Enabled**`),
	);
	const remarks = listed.flatMap((m) =>
		m.stockTemplate.switchNote ? [m.stockTemplate.switchNote] : [],
	);
	return `- ${listed.map((m) => `**${m.entry.id}Enabled**`).join(', ')}: which marketplaces get the stock (a switched-off one's credential is never used${remarks.map((remark) => `; ${remark}`).join('')})`;
}

/** "A, B and C". */
const list = (words: string[]) =>
	words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];

/** The marketplaces' rows, relative to the stock levels: one every 240 px from -120. */
const row = (index: number) => -120 + index * 240;

const fanOutNote = (marketplaces: StockMarketplace[]) => {
	const own = marketplaces.flatMap((m) => m.stockTemplate.selfFulfilled ?? []);
	const refused = own.flatMap((entry) => ('refused' in entry ? [entry.refused] : []));
	const notes = own.flatMap((entry) => ('note' in entry ? [entry.note] : []));
	return [
		`## To every marketplace\nThe same stock levels go to each marketplace switched on in Settings, in batches (one per store read: WooCommerce reads simple products and variations separately): ${marketplaces.map((m) => m.stockTemplate.fanOut).join(', ')}.`,
		...(refused.length > 0
			? [
					`Offers the marketplace fulfils itself (${refused.join(', ')}) keep the marketplace's stock: their update fails on purpose and the others go on.`,
				]
			: []),
		...notes,
	].join(' ');
};

/**
 * The stock template of `store`: its stock levels -> "To <name>?" (Settings `<id>Enabled`) -> the store's steps in
 * between (Magento: only what changed) -> the marketplace's stock update, for each of `marketplaces` in order.
 */
export function stockTemplate(store: StoreLanes, marketplaces: StockMarketplace[]): Lifecycle {
	const template = store.stockTemplate;
	const needs = {
		barcodes: marketplaces.some((m) => m.stock.barcodes === true),
		reference: marketplaces.some((m) => m.stock.reference === true),
	};
	const reference = needs.reference ? store.reference : undefined;
	const settings: Fields = { ...template.settings, ...TEST_MODE_SETTING };
	for (const { entry, stockTemplate: own } of marketplaces)
		Object.assign(
			settings,
			{ [`${entry.id}Enabled`]: { type: 'boolean', value: own.enabled } },
			own.settings,
		);
	const lane = new Lifecycle({
		id: template.id,
		name: `Stock: ${store.title} -> every marketplace`,
		description: template.description(list(marketplaces.map((m) => m.entry.title))),
		settings: { ...settings, ...reference?.settings },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${template.settingsNote}${reference ? `\n${reference.settingsNote}` : ''}\n${[TEST_MODE_NOTE, switchesNote(marketplaces), ...marketplaces.map((m) => m.stockTemplate.settingsNote)].join('\n')}\n\n${template.triggersNote}`,
		triggers: template.triggers(),
	});
	const y = 100;
	const { levels, column } = template.levels(lane, y, needs);
	const shift = template.around ? 1 : 0;
	const updates = marketplaces.map((marketplace, index) => {
		const { name } = marketplace.names;
		const to = lane.add(
			ifNode(`To ${name}?`, [isTrue(S(`${marketplace.entry.id}Enabled`))]),
			column,
			y + row(index),
		);
		lane.connect(levels, to);
		const from = template.around ? template.around(lane, to, name, column + 1, y + row(index)) : to;
		return marketplace.stock.update(lane, from, column + 1 + shift, y + row(index));
	});
	// the update nodes' own input (after the managed-stock filters): their output's pairedItem indexes into it
	marketplaces.forEach((marketplace, index) =>
		template.after?.(
			lane,
			updates[index],
			marketplace.stock.filter,
			marketplace.names.name,
			column + 4,
			y + row(index),
		),
	);
	lane.note(`${template.note}\n\n${fanOutNote(marketplaces)}`, 5);
	return lane;
}
