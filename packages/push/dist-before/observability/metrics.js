// Prometheus metrics under mattermost-push-proxy's names and labels, so existing dashboards keep
// working. Each service instance has its own registry (tests run several in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
export class PushMetrics {
    registry = new Registry();
    notifications = new Counter({ name: 'service_notifications_total', help: 'Number of notifications sent', labelNames: ['platform', 'type', 'transport'], registers: [this.registry] });
    byAppVersion = new Counter({ name: 'service_notifications_by_app_version_total', help: 'Number of notifications sent by app version', labelNames: ['platform', 'type', 'app_version'], registers: [this.registry] });
    success = new Counter({ name: 'service_success_total', help: 'Number of push success.', labelNames: ['platform', 'type'], registers: [this.registry] });
    successWithAck = new Counter({ name: 'service_success_with_ack_total', help: 'Number of push success that contains ackId.', labelNames: ['platform', 'type'], registers: [this.registry] });
    delivered = new Counter({ name: 'service_delivered_total', help: 'Number of push delivered.', labelNames: ['platform', 'type'], registers: [this.registry] });
    failure = new Counter({ name: 'service_failure_total', help: 'Number of push errors.', labelNames: ['platform', 'type'], registers: [this.registry] });
    failureWithReason = new Counter({ name: 'service_failure_with_reason_total', help: 'Number of push errors with reasons.', labelNames: ['platform', 'type', 'reason'], registers: [this.registry] });
    removal = new Counter({ name: 'service_removal_total', help: 'Number of device token errors.', labelNames: ['platform', 'reason'], registers: [this.registry] });
    badRequest = new Counter({ name: 'service_bad_request_total', help: 'Request to push proxy was a bad request', registers: [this.registry] });
    apnsDuration = new Histogram({ name: 'service_apns_request_duration_seconds', help: 'Request latency distribution', registers: [this.registry] });
    fcmDuration = new Histogram({ name: 'service_fcm_request_duration_seconds', help: 'Request latency distribution', registers: [this.registry] });
    requestDuration = new Histogram({ name: 'service_request_duration_seconds', help: 'Request latency distribution', registers: [this.registry] });
    notificationDuration = new Histogram({ name: 'service_notification_duration_seconds', help: 'Notifiction request latency distribution', labelNames: ['platform'], registers: [this.registry] });
    throttled = new Counter({ name: 'herald_throttled_total', help: 'Requests refused by ThrottlePerSec', registers: [this.registry] });
    certExpiry = new Gauge({ name: 'herald_apple_certificate_expiry_seconds', help: 'Unix time at which the Apple push certificate of an app type expires', labelNames: ['type'], registers: [this.registry] });
    constructor(opts = {}) {
        if (opts.processMetrics)
            collectDefaultMetrics({ register: this.registry });
    }
    observeSend(kind, platform, seconds) {
        this.notificationDuration.labels(platform).observe(seconds);
        if (kind === 'apns')
            this.apnsDuration.observe(seconds);
        else if (kind === 'fcm')
            this.fcmDuration.observe(seconds);
    }
    async text() {
        return this.registry.metrics();
    }
    get contentType() {
        return this.registry.contentType;
    }
}
//# sourceMappingURL=metrics.js.map