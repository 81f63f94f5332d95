package io.statusflow.ssf;

import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a SET about a subject goes to a stream whose receiver chooses subjects (SSF 1.0, 8.1.3
 * and 9): the subject's own choice (added, or removed) first, then its tenant's, since a tenant
 * subject covers its members, then the stream's {@code default_subjects}.
 */
public final class SubjectChoice {

    private SubjectChoice() {}

    /**
     * @param tenantId the tenant of the event the SET is about
     * @param chosen the stream's choice for a subject, looked up only for a stream that has chosen
     */
    public static boolean delivers(StreamRecord stream, Subject subject, String tenantId,
            Function<Subject, Optional<Boolean>> chosen) {
        boolean all = stream.stream().defaultSubjects() == Stream.DefaultSubjects.ALL;
        if (all && !stream.subjectsChosen()) {
            return true;
        }
        return chosen.apply(subject).orElseGet(() -> fallback(stream, subject, tenantId, chosen));
    }

    /** What a subject gets without a choice of its own: its tenant's choice, else the stream's default. */
    static boolean fallback(StreamRecord stream, Subject subject, String tenantId, Function<Subject, Optional<Boolean>> chosen) {
        Optional<Boolean> tenant = subject instanceof Subject.IssSub && tenantId != null
                ? chosen.apply(new Subject.Tenant(tenantId)) : Optional.empty();
        return tenant.orElse(stream.stream().defaultSubjects() == Stream.DefaultSubjects.ALL);
    }
}
