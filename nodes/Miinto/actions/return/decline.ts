import { rmaDecisionModule } from './decide';

/** Return > Decline, with a reason text. */
export const { description, execute } = rmaDecisionModule('decline');
