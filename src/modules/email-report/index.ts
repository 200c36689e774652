import type { ModuleDefinition } from '../define.js';
import watchEmailBouncesReports from './watch-email-bounces-reports.js';
import watchEmailClicksReports from './watch-email-clicks-reports.js';
import watchEmailDidNotOpensReports from './watch-email-did-not-opens-reports.js';
import watchEmailForwardsReports from './watch-email-forwards-reports.js';
import watchEmailOpensReports from './watch-email-opens-reports.js';
import watchEmailOptOutsReports from './watch-email-opt-outs-reports.js';
import watchEmailSendsReports from './watch-email-sends-reports.js';
import watchEmailUniqueOpensReports from './watch-email-unique-opens-reports.js';
import getEmailLinksReports from './get-email-links-reports.js';
import getEmailBouncesReports from './get-email-bounces-reports.js';
import getEmailClicksReports from './get-email-clicks-reports.js';
import getEmailDidNotOpensReports from './get-email-did-not-opens-reports.js';
import getEmailForwardsReports from './get-email-forwards-reports.js';
import getEmailOpensReports from './get-email-opens-reports.js';
import getEmailOptOutsReports from './get-email-opt-outs-reports.js';
import getEmailSendsReports from './get-email-sends-reports.js';
import getEmailUniqueOpensReports from './get-email-unique-opens-reports.js';

/** The seed's order: eight Watch modules, the links report, then eight Get modules. */
export const modules: ModuleDefinition[] = [
  watchEmailBouncesReports,
  watchEmailClicksReports,
  watchEmailDidNotOpensReports,
  watchEmailForwardsReports,
  watchEmailOpensReports,
  watchEmailOptOutsReports,
  watchEmailSendsReports,
  watchEmailUniqueOpensReports,
  getEmailLinksReports,
  getEmailBouncesReports,
  getEmailClicksReports,
  getEmailDidNotOpensReports,
  getEmailForwardsReports,
  getEmailOpensReports,
  getEmailOptOutsReports,
  getEmailSendsReports,
  getEmailUniqueOpensReports,
];
