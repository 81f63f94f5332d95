package io.statusflow.ssf;

/**
 * What the topology needs to queue SETs: the streams topic it reads whole on every instance, the
 * outbox it writes, and how SETs name subjects and reasons.
 */
public record OutboxSettings(String streamsTopic, String outboxTopic, SecurityEvents.Settings sets) {

    public static final String STREAMS = "status.ssf.streams";
    public static final String OUTBOX = "status.ssf.outbox";
    public static final String POSITIONS = "status.ssf.positions";
}
