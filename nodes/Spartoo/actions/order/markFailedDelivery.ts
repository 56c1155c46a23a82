import { ORDER_STATUS } from '../../constants';
import { statusOperation } from './status';

/** 3 -> 47 (S-D1 transition list). [unverified] that a merchant may set it: see constants.ts. */
export const { description, execute } = statusOperation({
	operation: 'markFailedDelivery',
	target: ORDER_STATUS.failedDelivery,
	verb: 'marked as failed delivery',
	flag: 'markedFailedDelivery',
	notice:
		"Spartoo's documentation lists 47 (parcel not delivered, returned to Spartoo) among the order transitions (only from 3, shipped) but not among the values its update script takes: whether Spartoo accepts it from a merchant is unverified.",
});
