package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Config;
import com.example.allocation.TestDatabases;
import com.example.allocation.e2e.ApiClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through is true: every {@code $ curl} line in its console blocks, sent to a freshly
 * started service on the embedded database, answers exactly the line the README shows beneath it.
 */
class ReadmeWalkthroughIT {

    /** One {@code curl -s [-X METHOD] URL [-H 'Name: value'] [-d 'body']} line and the output shown for it. */
    private record Example(String method, String path, String contentType, String body, String expected) {
    }

    @Test
    void every_curl_example_in_the_readme_answers_as_documented() throws IOException {
        List<Example> examples = examples(Files.readAllLines(Path.of("README.md")));
        assertThat(examples).hasSizeGreaterThan(10);

        try (Bootstrap.Service service = Bootstrap.start(Config.embedded(0, TestDatabases.freshUrl(TestDatabases.Kind.H2)))) {
            ApiClient api = new ApiClient(service.port());
            for (Example example : examples) {
                Response response = api.send(example.method(), example.path(), example.body(), example.contentType());
                assertThat(response.body()).as("%s %s", example.method(), example.path()).isEqualTo(example.expected());
            }
        }
    }

    private static List<Example> examples(List<String> readme) {
        List<Example> examples = new ArrayList<>();
        boolean inConsole = false;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("```")) {
                inConsole = line.startsWith("```console");
            } else if (inConsole && line.startsWith("$ curl ")) {
                examples.add(parse(shellWords(line.substring(2)), readme.get(i + 1)));
            }
        }
        return examples;
    }

    private static Example parse(List<String> words, String expected) {
        String method = "GET";
        String url = null;
        String contentType = null;
        String body = null;
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-s" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> contentType = words.get(++i).replaceFirst("(?i)^Content-Type:\\s*", "");
                case "-d" -> body = words.get(++i);
                default -> url = words.get(i);
            }
        }
        assertThat(url).as("URL in %s", words).startsWith("localhost:5005/");
        return new Example(method, url.substring("localhost:5005".length()), contentType, body, expected);
    }

    /** Splits a shell line into words, honouring single quotes (all the README uses). */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
