import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-bounces-reports',
  name: 'Get Email Bounces Reports',
  mode: 'get',
  report: 'bounces',
  what: 'email bounce reports',
  description: 'Retrieves email bounces reports by the email campaign activity ID.',
});
