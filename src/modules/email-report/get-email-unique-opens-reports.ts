import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-unique-opens-reports',
  name: 'Get Email Unique Opens Reports',
  mode: 'get',
  report: 'unique_opens',
  what: 'email unique open reports',
  description: 'Retrieves email unique opens reports by the email campaign activity ID.',
});
