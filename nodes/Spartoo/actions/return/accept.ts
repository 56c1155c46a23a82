import { returnOperation } from './handle';

/** -> 4 from 2 or 3: Spartoo then pays / refunds the buyer (5 / 7). */
export const { description, execute } = returnOperation('accept');
