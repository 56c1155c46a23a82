import { ORDER_STATUS } from '../../constants';
import { statusOperation } from './status';

/** -> 41 from any status but shipped (3, and 45/47 after it) or cancelled: Spartoo refunds the buyer (S-D1). */
export const { description, execute } = statusOperation({
	operation: 'cancel',
	target: ORDER_STATUS.cancelled,
	verb: 'cancelled',
	flag: 'cancelled',
	refusedWhy:
		'A shipped order cannot be cancelled at Spartoo: the buyer returns it and you accept the return (Return > Accept, or Refund > Create)',
});
