package io.statusflow.launcher;

import io.statusflow.ssf.delivery.PushLane;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens to SETs, counted per stream and outcome; refusals and drops are also logged. */
final class SsfMetrics implements PushLane.Listener {

    private static final Logger log = LoggerFactory.getLogger(SsfMetrics.class);

    private final Metrics metrics;

    SsfMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void delivered(String stream, String jti) {
        metrics.ssfSet(stream, "delivered");
    }

    @Override
    public void refused(String stream, String jti, String err) {
        metrics.ssfSet(stream, "refused");
        log.warn("stream {}: the receiver refused SET {} for good ({})", stream, jti, err);
    }

    @Override
    public void retried(String stream, String jti, Duration after, String why) {
        metrics.ssfSet(stream, "retried");
    }

    @Override
    public void queued(String stream) {
        metrics.ssfSet(stream, "queued");
    }

    @Override
    public void dropped(String stream, int count) {
        for (int i = 0; i < count; i++) {
            metrics.ssfSet(stream, "dropped");
        }
        log.warn("stream {}: {} SETs dropped undelivered (retention, or the stream was disabled or deleted)", stream, count);
    }
}
