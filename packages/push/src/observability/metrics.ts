// Prometheus metrics under mattermost-push-proxy's names and labels, so existing dashboards keep
// working. Each service instance has its own registry (tests run several in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProviderKind } from '../providers/provider.js';

export class PushMetrics {
  readonly registry = new Registry();
  readonly notifications = new Counter({ name: 'service_notifications_total', help: 'Number of notifications sent', labelNames: ['platform', 'type', 'transport'], registers: [this.registry] });
  readonly byAppVersion = new Counter({ name: 'service_notifications_by_app_version_total', help: 'Number of notifications sent by app version', labelNames: ['platform', 'type', 'app_version'], registers: [this.registry] });
  readonly success = new Counter({ name: 'service_success_total', help: 'Number of push success.', labelNames: ['platform', 'type'], registers: [this.registry] });
  readonly successWithAck = new Counter({ name: 'service_success_with_ack_total', help: 'Number of push success that contains ackId.', labelNames: ['platform', 'type'], registers: [this.registry] });
  readonly delivered = new Counter({ name: 'service_delivered_total', help: 'Number of push delivered.', labelNames: ['platform', 'type'], registers: [this.registry] });
  readonly failure = new Counter({ name: 'service_failure_total', help: 'Number of push errors.', labelNames: ['platform', 'type'], registers: [this.registry] });
  readonly failureWithReason = new Counter({ name: 'service_failure_with_reason_total', help: 'Number of push errors with reasons.', labelNames: ['platform', 'type', 'reason'], registers: [this.registry] });
  readonly removal = new Counter({ name: 'service_removal_total', help: 'Number of device token errors.', labelNames: ['platform', 'reason'], registers: [this.registry] });
  readonly badRequest = new Counter({ name: 'service_bad_request_total', help: 'Request to push proxy was a bad request', registers: [this.registry] });
  readonly apnsDuration = new Histogram({ name: 'service_apns_request_duration_seconds', help: 'Request latency distribution', registers: [this.registry] });
  readonly fcmDuration = new Histogram({ name: 'service_fcm_request_duration_seconds', help: 'Request latency distribution', registers: [this.registry] });
  readonly requestDuration = new Histogram({ name: 'service_request_duration_seconds', help: 'Request latency distribution', registers: [this.registry] });
  readonly notificationDuration = new Histogram({ name: 'service_notification_duration_seconds', help: 'Notifiction request latency distribution', labelNames: ['platform'], registers: [this.registry] });
  readonly throttled = new Counter({ name: 'herald_throttled_total', help: 'Requests refused by ThrottlePerSec', registers: [this.registry] });
  readonly certExpiry = new Gauge({ name: 'herald_apple_certificate_expiry_seconds', help: 'Unix time at which the Apple push certificate of an app type expires', labelNames: ['type'], registers: [this.registry] });

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  observeSend(kind: ProviderKind, platform: string, seconds: number): void {
    this.notificationDuration.labels(platform).observe(seconds);
    if (kind === 'apns') this.apnsDuration.observe(seconds);
    else if (kind === 'fcm') this.fcmDuration.observe(seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
