package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The look-ups keep the lenient semantics the event parser had with jackson-databind's JsonNode. */
class JsonTreeTest {
    @Test
    void parse_readsNestedValuesInOrder_andOnlyTheFirstValue() throws Exception {
        Object tree = parse("{\"b\":[1,2.5,\"x\",true,null,{}],\"a\":{\"c\":\"d\"},\"b2\":false} trailing");

        assertThat(tree).isInstanceOf(Map.class);
        assertThat(List.copyOf(((Map<?, ?>) tree).keySet())).isEqualTo(List.of("b", "a", "b2"));
        assertThat((List<?>) JsonTree.path(tree, "b")).hasSize(6).containsNull();
        assertThat(JsonTree.text(JsonTree.path(JsonTree.path(tree, "a"), "c"), "")).isEqualTo("d");
        assertThat(JsonTree.parse(new byte[0])).isNull();
        assertThat(parse("{\"k\":1,\"k\":2}")).isEqualTo(Map.of("k", 2));
    }

    @Test
    void parse_rejectsMalformedJsonWithJacksonsMessage() {
        assertThatThrownBy(() -> parse("{\"Records\": [")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("end-of-input");
    }

    @Test
    void text_rendersScalars_fallsBackOnlyForMissingOrNull() throws Exception {
        Object tree = parse("{\"s\":\"x\",\"n\":12,\"f\":1.5,\"t\":true,\"o\":{},\"a\":[],\"z\":null}");

        assertThat(JsonTree.text(JsonTree.path(tree, "s"), "-")).isEqualTo("x");
        assertThat(JsonTree.text(JsonTree.path(tree, "n"), "-")).isEqualTo("12");
        assertThat(JsonTree.text(JsonTree.path(tree, "f"), "-")).isEqualTo("1.5");
        assertThat(JsonTree.text(JsonTree.path(tree, "t"), "-")).isEqualTo("true");
        assertThat(JsonTree.text(JsonTree.path(tree, "o"), "-")).isEmpty();
        assertThat(JsonTree.text(JsonTree.path(tree, "a"), "-")).isEmpty();
        assertThat(JsonTree.text(JsonTree.path(tree, "z"), "-")).isEqualTo("-");
        assertThat(JsonTree.text(JsonTree.path(tree, "missing"), "-")).isEqualTo("-");
        assertThat(JsonTree.text(JsonTree.path("not an object", "s"), "-")).isEqualTo("-");
    }

    @Test
    void asLong_acceptsNumbersAndNumericText() throws Exception {
        Object tree = parse("{\"n\":1073741824,\"big\":5497558138880,\"s\":\" 42 \",\"d\":\"1e3\",\"bad\":\"x\",\"b\":true}");

        assertThat(JsonTree.asLong(JsonTree.path(tree, "n"), -1)).isEqualTo(1073741824L);
        assertThat(JsonTree.asLong(JsonTree.path(tree, "big"), -1)).isEqualTo(5497558138880L);
        assertThat(JsonTree.asLong(JsonTree.path(tree, "s"), -1)).isEqualTo(42L);
        assertThat(JsonTree.asLong(JsonTree.path(tree, "d"), -1)).isEqualTo(1000L);
        assertThat(JsonTree.asLong(JsonTree.path(tree, "bad"), -1)).isEqualTo(-1L);
        assertThat(JsonTree.asLong(JsonTree.path(tree, "b"), -1)).isEqualTo(1L);
        assertThat(JsonTree.asLong(JsonTree.path(tree, "missing"), -1)).isEqualTo(-1L);
    }

    private static Object parse(String json) throws Exception {
        return JsonTree.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
