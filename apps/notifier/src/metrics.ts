import { Counter } from 'prom-client';

/** The notifier's Prometheus metrics (GET /metrics on the service port). */
export const notifierMetrics = {
  mails: new Counter({
    name: 'laglig_notifier_mails_total',
    help: 'Mail delivery outcomes by event type: sent, retry (attempt failed, will retry), failed (gave up or refused), expired (link expired before delivery).',
    labelNames: ['event', 'result'] as const,
  }),
  stored: new Counter({
    name: 'laglig_notifier_mails_stored_total',
    help: 'Mails stored in the outbox by event type (a redelivered event stores none).',
    labelNames: ['event'] as const,
  }),
  summaries: new Counter({
    name: 'laglig_notifier_change_summaries_total',
    help: 'Machine-written law-change summaries asked for: ok, invalid (answer unusable), timeout, unavailable, rejected, incomplete, breaker-open, error (database).',
    labelNames: ['result'] as const,
  }),
};
