package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How an answer written under a documented command is read and matched. */
class DocAnswerTest {

    @Test
    void a_json_answer_matches_a_line_with_those_fields_and_values_only() {
        DocAnswer a = new DocAnswer("{\"code\":200,\"entity\":{\"status\":\"active\"}}");
        assertTrue(a.matches("{\"code\":200,\"error\":null,\"entity\":{\"id\":\"x\",\"status\":\"active\"}}"));
        assertFalse(a.matches("{\"code\":200,\"entity\":{\"status\":\"inactive\"}}"));
        assertFalse(a.matches("{\"code\":\"200\",\"entity\":{\"status\":\"active\"}}"), "a string is not a number");
        assertFalse(a.matches("{\"code\":200}"));
        assertFalse(a.matches("not json"));
    }

    @Test
    void an_empty_object_or_array_means_empty() {
        assertTrue(new DocAnswer("{\"sets\":{},\"moreAvailable\":false}").matches("{\"sets\":{},\"moreAvailable\":false}"));
        assertFalse(new DocAnswer("{\"sets\":{}}").matches("{\"sets\":{\"j\":\"eyJ\"}}"));
        assertTrue(new DocAnswer("{}").matches("{}"));
        assertFalse(new DocAnswer("{}").matches("{\"error\":\"x\"}"));
    }

    @Test
    void a_key_then_json_matches_a_keyed_record_line() {
        DocAnswer a = new DocAnswer("t/client/c {\"version\":2}");
        assertTrue(a.matches("t/client/c\t{\"version\":2,\"cause\":\"command\"}"));
        assertFalse(a.matches("t/client/d\t{\"version\":2}"));
        assertFalse(a.matches("{\"version\":2}"));
    }

    @Test
    void text_with_dots_is_a_whole_line_pattern() {
        DocAnswer a = new DocAnswer("verified: jti ..., events [x]");
        assertTrue(a.matches("verified: jti 1234, events [x]"));
        assertFalse(a.matches("not verified: jti 1234, events [x]"));
        assertTrue(new DocAnswer("{\"sets\":{\"...\":\"eyJ...\"}}").matches("{\"sets\":{\"abc\":\"eyJhbGc.x.y\"}}"));
        assertFalse(new DocAnswer("{\"sets\":{\"...\":\"eyJ...\"}}").matches("{\"sets\":{}}"));
    }

    @Test
    void answers_are_grouped_by_the_command_they_follow_and_may_continue_on_the_next_lines() {
        String script = "curl a\n# -> {\"a\":1,\n#      \"b\":2}\n# -> x\ncurl b\n# -> {\"c\":3}\n";
        List<List<DocAnswer>> groups = DocAnswer.groups(script);
        assertEquals(List.of(List.of(new DocAnswer("{\"a\":1, \"b\":2}"), new DocAnswer("x")), List.of(new DocAnswer("{\"c\":3}"))),
                groups);
    }

    @Test
    void a_group_must_appear_in_order() {
        List<DocAnswer> group = List.of(new DocAnswer("one"), new DocAnswer("two"));
        assertTrue(DocAnswer.check(group, List.of("zero", "one", "x", "two")).isEmpty());
        assertTrue(DocAnswer.check(group, List.of("two", "one")).isPresent());
        assertTrue(DocAnswer.check(group, List.of("one")).isPresent());
    }
}
