package io.statusflow.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The instant a command's token is judged at: the record's own timestamp. The commands topic is
 * created with LogAppendTime, and token mode refuses to start on one with CreateTime, so that is
 * the broker's append time, which no producer chooses, and a backlog read after an outage is
 * judged as sent. (Kafka Streams hands extractors every record as CreateTime, so the type cannot
 * be checked per record: the start-up check is what holds it.) The reroute topic, written by
 * statusflow alone, keeps the first record's instant. Set on both sources, so that an operator's
 * default extractor cannot change it; a record without a timestamp is judged when it is read.
 */
final class AppendTime implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
    }
}
