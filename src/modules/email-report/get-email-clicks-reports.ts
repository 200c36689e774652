import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-clicks-reports',
  name: 'Get Email Clicks Reports',
  mode: 'get',
  report: 'clicks',
  what: 'email click reports',
  description: 'Retrieves email clicks reports by the email campaign activity ID.',
});
