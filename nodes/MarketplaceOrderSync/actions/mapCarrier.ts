import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../shared/execute';
import { MATCH_TYPES, mapCarrier, type CarrierRule } from '../rules/carrier';
import { validator, type InputValidator } from '../../shared/validation';
import { BOL_CARRIERS } from '../../BolRetailer/constants';
import { AMAZON_CARRIERS } from '../../AmazonSellingPartner/constants';
import { allowedCarriers, type CarrierVocabulary } from '../../shared/carrier';
import { REGEX_EXAMPLE, show } from './common';

const display = show('mapCarrier');

const VOCABULARIES: Record<'none' | 'bol' | 'amazon', CarrierVocabulary | undefined> = {
	none: undefined,
	bol: BOL_CARRIERS,
	amazon: AMAZON_CARRIERS,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Store Carrier',
		name: 'carrier',
		type: 'string',
		default: '={{ $json.carrier }}',
		placeholder: 'PostNL Standard',
		description: 'The carrier or shipping method as the store names it',
		displayOptions: display,
	},
	{
		displayName: 'Carrier Mapping',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add rule',
		description:
			'Tried from top to bottom; the first rule that matches gives the carrier code. Case, accents, spaces, dashes, underscores and dots are ignored.',
		displayOptions: display,
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Store Carrier',
						name: 'storeCarrier',
						type: 'string',
						default: '',
						placeholder: 'PostNL',
						description:
							'The store carrier or shipping method (or a pattern, with Match "Regular Expression")',
					},
					{
						displayName: 'Match',
						name: 'matchType',
						type: 'options',
						default: 'equals',
						options: [
							{
								name: 'Equals',
								value: 'equals',
								description:
									'The whole name, ignoring case, accents, spaces, dashes, underscores and dots',
							},
							{
								name: 'Contains',
								value: 'contains',
								description:
									'Part of the name, ignoring case, accents, spaces, dashes, underscores and dots',
							},
							{
								name: 'Regular Expression',
								value: 'regex',
								description: 'A regular expression, ignoring case',
							},
						],
					},
					{
						displayName: 'Marketplace Carrier Code',
						name: 'carrierCode',
						type: 'string',
						default: '',
						placeholder: 'TNT',
						description:
							'The code the marketplace expects (Bol transporter code, Amazon carrier code, ...)',
					},
				],
			},
		],
	},
	{
		displayName: 'Marketplace Codes',
		name: 'marketplace',
		type: 'options',
		default: 'none',
		description:
			'After the rules, also recognise this marketplace\'s own carrier codes and built-in carrier names, as its shipment operation does (bol: "DPD NL" -> DPD-NL, "PostNL" -> TNT)',
		displayOptions: display,
		options: [
			{ name: 'None (Rules and Default Only)', value: 'none' },
			{ name: 'Bol.com Transporter Codes', value: 'bol' },
			{ name: 'Amazon Carrier Codes', value: 'amazon' },
		],
	},
	{
		displayName: 'Default Shipping Service',
		name: 'defaultCarrierCode',
		type: 'string',
		default: '',
		placeholder: 'OTHER',
		description:
			'The carrier code used when no rule matches or the store carrier is empty (Koongo "Default Shipping Service"). Empty: no default.',
		displayOptions: display,
	},
	{
		displayName: 'When Nothing Matches',
		name: 'onNoMatch',
		type: 'options',
		default: 'error',
		description: 'What to do when no rule matches and there is no default shipping service',
		displayOptions: display,
		options: [
			{
				name: 'Fail the Item',
				value: 'error',
				description: 'The error names the carrier and the rules',
			},
			{
				name: 'Continue Without Carrier Code',
				value: 'continue',
				description:
					'Output the item with `carrierMapping.carrierCode` null and `matchedBy` "none"',
			},
		],
	},
];

function carrierRules(v: InputValidator, value: unknown): CarrierRule[] {
	const rows = ((value as IDataObject | undefined)?.rule ?? []) as IDataObject[];
	if (!Array.isArray(rows))
		v.fail({ label: 'Carrier Mapping', name: 'rules' }, value, 'a list of rules');
	return rows.map((row, index) => {
		const at = (label: string, name: string) => ({
			label: `Carrier Mapping rule ${index + 1}: ${label}`,
			name: `rules.rule[${index}].${name}`,
		});
		const matchType = v.oneOf(at('Match', 'matchType'), row.matchType ?? 'equals', MATCH_TYPES);
		const storeCarrier = v.string(at('Store Carrier', 'storeCarrier'), row.storeCarrier, {
			maxLength: 200,
		});
		if (matchType === 'regex')
			v.optionalPattern(at('Store Carrier', 'storeCarrier'), storeCarrier, REGEX_EXAMPLE);
		const carrierCode = v.string(at('Marketplace Carrier Code', 'carrierCode'), row.carrierCode, {
			maxLength: 100,
		});
		return { storeCarrier, carrierCode, matchType };
	});
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output = await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const rules = carrierRules(v, this.getNodeParameter('rules', i, {}));
		const defaultCode = v.optionalString(
			{ label: 'Default Shipping Service', name: 'defaultCarrierCode' },
			this.getNodeParameter('defaultCarrierCode', i, ''),
			{
				maxLength: 100,
			},
		);
		const onNoMatch = v.oneOf(
			{ label: 'When Nothing Matches', name: 'onNoMatch' },
			this.getNodeParameter('onNoMatch', i, 'error'),
			['error', 'continue'],
		);
		const marketplace = v.oneOf(
			{ label: 'Marketplace Codes', name: 'marketplace' },
			this.getNodeParameter('marketplace', i, 'none'),
			['none', 'bol', 'amazon'],
		);
		const vocabulary = VOCABULARIES[marketplace];
		const carrier = this.getNodeParameter('carrier', i, '');
		if (
			carrier !== undefined &&
			carrier !== null &&
			typeof carrier !== 'string' &&
			typeof carrier !== 'number'
		) {
			v.fail(
				{ label: 'Store Carrier', name: 'carrier' },
				carrier,
				'a text (the store carrier or shipping method), or empty',
			);
		}
		const mapping = mapCarrier(
			carrier === undefined || carrier === null ? null : String(carrier),
			rules,
			defaultCode,
			vocabulary,
		);
		if (mapping.matchedBy === 'none' && onNoMatch === 'error') {
			const known = rules.map((r) => `"${r.storeCarrier}" (${r.matchType})`).join(', ');
			const ruleHint = `a carrier matching a Carrier Mapping rule (${known || 'no rules set'})`;
			v.fail(
				{ label: 'Store Carrier', name: 'carrier' },
				mapping.input ?? '',
				vocabulary
					? allowedCarriers(vocabulary, ruleHint, 'set a Default Shipping Service')
					: `${ruleHint}, or set a Default Shipping Service`,
			);
		}
		return { ...items[i].json, carrierMapping: { ...mapping } };
	});
	return [output];
}
