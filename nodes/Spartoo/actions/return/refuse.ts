import { returnOperation } from './handle';

/** -> 3, only from 2 (waiting to be received). */
export const { description, execute } = returnOperation('refuse');
