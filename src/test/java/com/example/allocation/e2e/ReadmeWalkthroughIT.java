package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Config;
import com.example.allocation.Main;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.e2e.ApiClient.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's walk-throughs are true. Every {@code $ curl} line in its console blocks, sent to a freshly
 * started service, answers exactly the line the README shows beneath it: on the embedded default before the
 * heading "Running with authentication", and after it on a service started with the variables the README's
 * {@code java -jar} line sets, with keys and tokens made by the README's own {@code dev-tokens} lines, run through
 * the jar's command line.
 */
class ReadmeWalkthroughIT {

    private static final String AUTHENTICATION_HEADING = "## Running with authentication";
    private static final Pattern MAKE_KEYS = Pattern.compile("\\$ java -jar target/allocation\\.jar (dev-tokens keys .+)");
    private static final Pattern MINT = Pattern.compile("\\$ (\\w+)=\\$\\(java -jar target/allocation\\.jar (dev-tokens token .+)\\)");
    private static final Pattern RUN = Pattern.compile("\\$ ((?:\\w+=\\S+ )+)java -jar target/allocation\\.jar");

    /** One {@code curl -s [-X METHOD] URL [-H 'Name: value'] [-d 'body']} line and the output shown for it. */
    private record Example(String method, String path, String contentType, String token, Map<String, String> headers,
            String body, String expected) {
    }

    /** A moment, as the service writes one ({@code "at"} in an order's history): any moment matches one shown. */
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z");

    @Test
    void every_curl_example_in_the_readme_answers_as_documented(@TempDir Path keys) throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int authentication = readme.indexOf(AUTHENTICATION_HEADING);
        assertThat(authentication).as("the README's section '%s'", AUTHENTICATION_HEADING).isPositive();
        List<Example> open = examples(readme.subList(0, authentication), Map.of());
        assertThat(open).hasSizeGreaterThan(10);

        try (Service service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.H2)).build())) {
            check(open, new ApiClient(service.port()));
        }

        List<String> withAuthentication = readme.subList(authentication, readme.size());
        Map<String, String> tokens = tokens(withAuthentication, keys);
        List<Example> guarded = examples(withAuthentication, tokens);
        assertThat(guarded).hasSizeGreaterThan(3);
        try (Service service = Bootstrap.start(Config.fromEnvironment(environment(withAuthentication, keys)))) {
            check(guarded, new ApiClient(service.port()));
        }
    }

    private static void check(List<Example> examples, ApiClient anonymous) {
        for (Example example : examples) {
            ApiClient api = example.token() == null ? anonymous : anonymous.withToken(example.token());
            for (Map.Entry<String, String> header : example.headers().entrySet()) {
                api = api.withHeader(header.getKey(), header.getValue());
            }
            Response response = api.send(example.method(), example.path(), example.body(), example.contentType());
            String shown = Arrays.stream(INSTANT.split(example.expected(), -1)).map(Pattern::quote)
                    .collect(Collectors.joining(INSTANT.pattern()));
            assertThat(response.body()).as("%s %s", example.method(), example.path()).matches(shown);
        }
    }

    /** The tokens the README mints, by the shell variable it keeps each in, with the keys it makes first in {@code keys}. */
    private static Map<String, String> tokens(List<String> readme, Path keys) {
        Map<String, String> tokens = new HashMap<>();
        boolean keysMade = false;
        for (String line : readme) {
            Matcher makeKeys = MAKE_KEYS.matcher(line);
            Matcher mint = MINT.matcher(line);
            if (makeKeys.matches()) {
                run(makeKeys.group(1), keys);
                keysMade = true;
            } else if (mint.matches()) {
                assertThat(keysMade).as("the README makes the keys before it mints %s", mint.group(1)).isTrue();
                tokens.put(mint.group(1), run(mint.group(2), keys));
            }
        }
        assertThat(tokens).as("tokens minted in the README").isNotEmpty();
        return tokens;
    }

    /** What the jar's command line prints for the README's words, run in this JVM, its folder dev-keys being {@code keys}. */
    private static String run(String words, Path keys) {
        String[] args = Arrays.stream(words.split(" ")).map(word -> word.equals("dev-keys") ? keys.toString() : word)
                .toArray(String[]::new);
        StringWriter out = new StringWriter();
        int status = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute(args);
        assertThat(status).as("java -jar target/allocation.jar %s", words).isZero();
        return out.toString().strip();
    }

    /** The variables of the README's {@code java -jar} line, on a fresh database and any free port. */
    private static Map<String, String> environment(List<String> readme, Path keys) {
        Map<String, String> env = new HashMap<>();
        for (String line : readme) {
            Matcher run = RUN.matcher(line);
            if (run.find()) {
                for (String assignment : run.group(1).trim().split(" ")) {
                    String[] nameAndValue = assignment.split("=", 2);
                    env.put(nameAndValue[0], nameAndValue[1].replace("dev-keys/", keys + "/"));
                }
            }
        }
        assertThat(env).as("the README's java -jar line with authentication").containsKey("AUTH_PUBLIC_KEY_FILE");
        DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.H2);
        env.put("DATABASE_URL", database.jdbcUrl() + ";USER=" + database.user());
        env.put("PORT", "0");
        return env;
    }

    private static List<Example> examples(List<String> readme, Map<String, String> tokens) {
        List<Example> examples = new ArrayList<>();
        boolean inConsole = false;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("```")) {
                inConsole = line.startsWith("```console");
            } else if (inConsole && line.startsWith("$ curl ")) {
                examples.add(parse(shellWords(line.substring(2), tokens), readme.get(i + 1)));
            }
        }
        return examples;
    }

    private static Example parse(List<String> words, String expected) {
        String method = "GET";
        String url = null;
        String contentType = null;
        String token = null;
        String body = null;
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-s" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String header = words.get(++i);
                    if (header.regionMatches(true, 0, "Authorization: Bearer ", 0, 22)) {
                        token = header.substring(22);
                    } else if (header.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                        contentType = header.replaceFirst("(?i)^Content-Type:\\s*", "");
                    } else {
                        String[] nameAndValue = header.split(":\\s*", 2);
                        headers.put(nameAndValue[0], nameAndValue[1]);
                    }
                }
                case "-d" -> body = words.get(++i);
                default -> url = words.get(i);
            }
        }
        assertThat(url).as("URL in %s", words).startsWith("localhost:5005/");
        return new Example(method, url.substring("localhost:5005".length()), contentType, token, headers, body, expected);
    }

    /**
     * Splits a shell line into words, honouring single quotes (taken literally) and double quotes (in which
     * {@code $NAME} is replaced by the token of that name), all the README uses.
     */
    private static List<String> shellWords(String line, Map<String, String> tokens) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (c == '$' && quote == '"') {
                int end = i + 1;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                    end++;
                }
                String name = line.substring(i + 1, end);
                assertThat(tokens).as("a token minted as $%s before it is used", name).containsKey(name);
                word.append(tokens.get(name));
                i = end - 1;
            } else if (c == ' ' && quote == 0) {
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
