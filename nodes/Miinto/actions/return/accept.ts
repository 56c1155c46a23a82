import { rmaDecisionModule } from './decide';

/** Return > Accept: Miinto then refunds the buyer. */
export const { description, execute } = rmaDecisionModule('accept');
