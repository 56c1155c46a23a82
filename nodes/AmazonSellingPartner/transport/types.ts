/** Amazon SP-API payloads, as far as the node reads them (shared/specs/amazon). */

/** Money: the amount is a decimal string [spec: orders_2026-01-01 Money/Decimal]. */
export interface AmazonMoney {
	amount: string;
	currencyCode: string;
}

export interface AmazonDateTimeRange {
	earliestDateTime?: string;
	latestDateTime?: string;
}

export interface AmazonCustomerAddress {
	name?: string;
	companyName?: string;
	addressLine1?: string;
	addressLine2?: string;
	addressLine3?: string;
	city?: string;
	districtOrCounty?: string;
	stateOrRegion?: string;
	municipality?: string;
	postalCode?: string;
	countryCode?: string;
	phone?: string;
	addressType?: string;
	extendedFields?: {
		streetName?: string;
		streetNumber?: string;
		complement?: string;
		neighborhood?: string;
	};
}

export interface AmazonBreakdown {
	type: string;
	subtotal: AmazonMoney;
	status?: string;
	detailedBreakdowns?: Array<{ subtype?: string; value?: AmazonMoney }>;
}

export interface AmazonOrderItem {
	orderItemId: string;
	quantityOrdered: number;
	programs?: string[];
	product: {
		asin?: string;
		title?: string;
		sellerSku?: string;
		condition?: { conditionType?: string; conditionSubtype?: string };
		price?: { unitPrice?: AmazonMoney; priceDesignation?: string };
	};
	proceeds?: { proceedsTotal?: AmazonMoney; breakdowns?: AmazonBreakdown[] };
	cancellation?: {
		cancellationRequest?: { requester?: string; cancelReason?: string };
		cancellationExecution?: { cancelledBy?: string; cancelReason?: string };
	};
	fulfillment?: { quantityFulfilled?: number; quantityUnfulfilled?: number };
}

export interface AmazonPackage {
	packageReferenceId: string;
	createdTime?: string;
	packageStatus?: { status: string; detailedStatus?: string };
	carrier?: string;
	shipTime?: string;
	shippingService?: string;
	trackingNumber?: string;
	packageItems?: Array<{ orderItemId: string; quantity: number }>;
}

export interface AmazonOrder {
	orderId: string;
	orderAliases?: Array<{ aliasId: string; aliasType: string }>;
	createdTime: string;
	lastUpdatedTime: string;
	programs?: string[];
	salesChannel: { channelName: string; marketplaceId?: string; marketplaceName?: string };
	buyer?: {
		buyerName?: string;
		buyerEmail?: string;
		buyerCompanyName?: string;
		buyerPurchaseOrderNumber?: string;
	};
	recipient?: { deliveryAddress?: AmazonCustomerAddress };
	proceeds?: { grandTotal?: AmazonMoney; breakdowns?: AmazonBreakdown[] };
	fulfillment?: {
		fulfillmentStatus: string;
		fulfilledBy?: string;
		fulfillmentServiceLevel?: string;
		shipByWindow?: AmazonDateTimeRange;
		deliverByWindow?: AmazonDateTimeRange;
	};
	orderItems: AmazonOrderItem[];
	packages?: AmazonPackage[];
}

export interface SearchOrdersResponse {
	orders: AmazonOrder[];
	pagination?: { nextToken?: string };
	lastUpdatedBefore?: string;
	createdBefore?: string;
}

export interface AmazonFeed {
	feedId: string;
	feedType: string;
	marketplaceIds?: string[];
	createdTime: string;
	processingStatus: string;
	processingStartTime?: string;
	processingEndTime?: string;
	resultFeedDocumentId?: string;
}

export interface AmazonDocument {
	url: string;
	compressionAlgorithm?: 'GZIP';
}

export interface AmazonReport {
	reportId: string;
	reportType: string;
	processingStatus: string;
	createdTime: string;
	dataStartTime?: string;
	dataEndTime?: string;
	reportDocumentId?: string;
	marketplaceIds?: string[];
}

export interface ListingsIssue {
	code: string;
	message: string;
	severity: 'ERROR' | 'WARNING' | 'INFO';
	attributeNames?: string[];
}

export interface ListingsSubmission {
	sku: string;
	status: 'ACCEPTED' | 'INVALID' | 'VALID';
	submissionId: string;
	issues?: ListingsIssue[];
}

export interface ListingsItem {
	sku: string;
	summaries?: Array<{
		marketplaceId: string;
		asin?: string;
		productType?: string;
		status?: string[];
		itemName?: string;
	}>;
	fulfillmentAvailability?: Array<{ fulfillmentChannelCode: string; quantity?: number }>;
}
