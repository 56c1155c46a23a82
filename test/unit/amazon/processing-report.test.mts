import { describe, expect, it } from 'vitest';

import { issuesOf, parseProcessingReport } from '../../../nodes/AmazonSellingPartner/feeds';

const envelope = (report: string) =>
	`<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
	<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1SELLER</MerchantIdentifier></Header>
	<MessageType>ProcessingReport</MessageType>
	<Message><MessageID>1</MessageID>${report}</Message>
</AmazonEnvelope>`;

describe('reading XML processing reports (the shared XML reader, no regular expressions)', () => {
	it('reads the summary and each result of an enveloped report, entities, CDATA and SKUs included', () => {
		const report = parseProcessingReport(
			envelope(`<ProcessingReport>
		<DocumentTransactionID>50012345</DocumentTransactionID>
		<StatusCode>Complete</StatusCode>
		<ProcessingSummary>
			<MessagesProcessed> 3 </MessagesProcessed>
			<MessagesSuccessful>1</MessagesSuccessful>
			<MessagesWithError>1</MessagesWithError>
			<MessagesWithWarning>1</MessagesWithWarning>
		</ProcessingSummary>
		<Result>
			<MessageID>2</MessageID>
			<ResultCode>Error</ResultCode>
			<ResultMessageCode>18028</ResultMessageCode>
			<ResultDescription>Value &lt;CancelReason&gt; &amp; &#x201C;NoInventory&#8221; invalid</ResultDescription>
			<AdditionalInfo><SKU>SKU&amp;1</SKU></AdditionalInfo>
		</Result>
		<Result>
			<MessageID>3</MessageID>
			<ResultCode>Warning</ResultCode>
			<ResultMessageCode>5000</ResultMessageCode>
			<ResultDescription><![CDATA[Price <0.01> rounded]]></ResultDescription>
		</Result>
	</ProcessingReport>`),
		);
		expect(report).toMatchObject({
			format: 'xml',
			processed: 3,
			accepted: 1,
			invalid: 1,
			warnings: 1,
		});
		expect(report.issues).toEqual([
			{
				messageId: 2,
				sku: 'SKU&1',
				severity: 'ERROR',
				code: '18028',
				message: 'Value <CancelReason> & \u201CNoInventory\u201D invalid',
				attributeName: null,
			},
			{
				messageId: 3,
				sku: null,
				severity: 'WARNING',
				code: '5000',
				message: 'Price <0.01> rounded',
				attributeName: null,
			},
		]);
		expect(issuesOf(report, 2).errors).toHaveLength(1);
		expect(issuesOf(report, 3).others).toHaveLength(1);
	});

	it('reads a bare <ProcessingReport> without the envelope', () => {
		const report = parseProcessingReport(
			'<ProcessingReport><ProcessingSummary><MessagesProcessed>1</MessagesProcessed><MessagesSuccessful>1</MessagesSuccessful><MessagesWithError>0</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary></ProcessingReport>',
		);
		expect(report).toEqual({
			format: 'xml',
			processed: 1,
			accepted: 1,
			invalid: 0,
			warnings: 0,
			issues: [],
		});
	});

	it('does not take a <Result> nested somewhere else for a result of the report', () => {
		const report = parseProcessingReport(
			envelope(
				'<ProcessingReport><ProcessingSummary><MessagesProcessed>1</MessagesProcessed></ProcessingSummary><Other><Result><MessageID>9</MessageID></Result></Other></ProcessingReport>',
			),
		);
		expect(report.issues).toEqual([]);
		expect(report.accepted).toBeNull();
	});

	it('keeps malformed XML as text (counts unknown) instead of guessing', () => {
		const broken = envelope(
			'<ProcessingReport><ProcessingSummary><MessagesProcessed>1</MessagesProcessed>',
		);
		const report = parseProcessingReport(broken);
		expect(report.format).toBe('text');
		expect(report.processed).toBeNull();
		expect(report.text).toContain('<ProcessingReport>');
	});

	it('refuses a DOCTYPE (no entity expansion) and keeps the text', () => {
		const report = parseProcessingReport(
			'<!DOCTYPE r [<!ENTITY x "boom">]><ProcessingReport><ProcessingSummary><MessagesProcessed>&x;</MessagesProcessed></ProcessingSummary></ProcessingReport>',
		);
		expect(report.format).toBe('text');
	});
});
