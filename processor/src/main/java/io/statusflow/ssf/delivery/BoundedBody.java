package io.statusflow.ssf.delivery;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A receiver's answer body, read up to a bound and then cut: only a 400's {@code err} matters, and a
 * receiver must not be able to make statusflow hold an endless body. Other answers are discarded.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

    static final int MAX = 16 * 1024;

    /** Reads a 400's body up to {@link #MAX}; discards every other. */
    static final HttpResponse.BodyHandler<String> HANDLER = info -> info.statusCode() == 400
            ? new BoundedBody()
            : HttpResponse.BodySubscribers.replacing("");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), MAX - bytes.size());
            byte[] chunk = new byte[n];
            b.get(chunk);
            bytes.write(chunk, 0, n);
        }
        if (bytes.size() >= MAX) {
            subscription.cancel();
            done();
        }
    }

    @Override
    public void onError(Throwable t) {
        done();
    }

    @Override
    public void onComplete() {
        done();
    }

    private void done() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
