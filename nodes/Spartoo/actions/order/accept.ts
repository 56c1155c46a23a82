import { ORDER_STATUS } from '../../constants';
import { statusOperation } from './status';

/** 11 -> 2: the order is accepted; its name, address and transporter freeze (S-D1). */
export const { description, execute } = statusOperation({
	operation: 'accept',
	target: ORDER_STATUS.preparation,
	verb: 'accepted',
	flag: 'accepted',
});
