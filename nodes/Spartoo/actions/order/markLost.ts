import { ORDER_STATUS } from '../../constants';
import { statusOperation } from './status';

/** 3 -> 45 (S-D1 transition list). [unverified] that a merchant may set it: see constants.ts. */
export const { description, execute } = statusOperation({
	operation: 'markLost',
	target: ORDER_STATUS.lost,
	verb: 'marked lost',
	flag: 'markedLost',
	notice:
		"Spartoo's documentation lists 45 (parcel lost) among the order transitions (only from 3, shipped) but not among the values its update script takes: whether Spartoo accepts it from a merchant is unverified.",
});
